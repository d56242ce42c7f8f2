// One thread of an open-loop run: its share of the connections and of the schedule (requests
// i = index, index + workers, ...), driven by one epoll loop. Each due request is written at once
// to an idle connection, or pipelined behind the fewest outstanding requests, so that waiting for
// answers never delays a send; each answer's latency counts from its request's due time. After
// the share is sent, the loop waits up to drain_timeout for the outstanding answers.
//
// A connection that fails or is closed by the server is reopened (after 100 ms when opening it
// failed); the requests it had outstanding count as errors.
//
// Not thread-safe: Run() on one thread, then read Totals().
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/result.h"
#include "load_options.h"
#include "load_totals.h"
#include "response_parser.h"
#include "schedule.h"

namespace vigil::loadgen {

class Worker {
 public:
  // `start` is time zero of `schedule`, shared by every worker of the run. `options` and
  // `schedule` must outlive the worker.
  Worker(const LoadOptions& options, const Schedule& schedule, int index, int workers,
         int connections, std::chrono::steady_clock::time_point start);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Sends the share and collects its answers; returns when every request is answered or has
  // failed, at the latest drain_timeout after the end of the schedule. Fails only when the loop
  // itself cannot run (epoll).
  Status Run();

  const LoadTotals& Totals() const { return totals_; }

 private:
  struct Connection {
    int fd = -1;
    bool connected = false;
    uint32_t events = 0;      // registered with epoll
    std::string out;          // requests not yet written
    size_t out_sent = 0;      // bytes of `out` written
    std::deque<int64_t> due;  // outstanding requests' due times, oldest first
    ResponseParser parser;
    int64_t reopen_at = 0;  // when a closed connection may be opened again
  };

  int64_t Now() const;
  void Open(Connection& c, int64_t now);
  void Close(Connection& c, int64_t now, const std::string& why, bool failed_to_open);
  void Watch(Connection& c, uint32_t events);
  // Picks the connection for the next request, or nullptr when none can take one.
  Connection* Pick();
  void Send(uint64_t i, Connection& c, int64_t now);
  void Flush(Connection& c, int64_t now);
  void Read(Connection& c);
  void OnConnected(Connection& c, int64_t now);
  void CountError(uint64_t n, const std::string& why);

  const LoadOptions& options_;
  const Schedule& schedule_;
  const int index_;
  const int workers_;
  const std::chrono::steady_clock::time_point start_;
  std::vector<Connection> connections_;
  size_t cursor_ = 0;  // where Pick starts looking, so that idle connections take turns
  uint64_t outstanding_ = 0;
  int epoll_ = -1;
  LoadTotals totals_;
  std::vector<Response> responses_;  // scratch for Read
};

}  // namespace vigil::loadgen
