// ServerState: what a Server shares with its connections — options, the handler, the send gate,
// and the set of open connections (for the connection cap, active_connections() and Stop).
// Owned by the Server; connections hold a reference and use it only while the server's event
// loop runs (their destructors never touch it). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api/http/handler.h"
#include "api/http/http_options.h"
#include "api/http/send_gate.h"

namespace vigil::http::detail {

class Connection;

class ServerState {
 public:
  ServerState(ServerOptions options, Handler handler);

  const ServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  const std::shared_ptr<SendGate>& gate() const { return gate_; }

  uint64_t NextConnectionId() { return next_id_.fetch_add(1, std::memory_order_relaxed); }

  // True once Stop began; connections then close instead of reading another request.
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // Admits a connection: false when stopping or at max_connections. The state keeps the
  // connection alive until Unregister.
  bool Register(std::shared_ptr<Connection> connection, uint64_t id);
  // Called once by a connection as it closes. Wakes WaitUntilEmpty.
  void Unregister(uint64_t id);

  size_t active() const { return active_.load(std::memory_order_relaxed); }

  // Marks the server stopping (no more Register) and returns the connections open at that moment.
  std::vector<std::shared_ptr<Connection>> BeginStop();
  // The connections open now.
  std::vector<std::shared_ptr<Connection>> Snapshot() const;
  // Waits until no connection is open or `deadline` passes; true when none is open.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);
  // Drops every remaining connection (after the event loop stopped).
  void Clear();

 private:
  const ServerOptions options_;
  const Handler handler_;
  const std::shared_ptr<SendGate> gate_;
  std::atomic<uint64_t> next_id_{1};
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> active_{0};

  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections_;  // guarded by mu_
};

}  // namespace vigil::http::detail
