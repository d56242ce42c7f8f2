// What an open-loop run does: `rate` requests per second to 127.0.0.1:port for `duration`, over
// `connections` keep-alive connections. Only the port is configurable: the generator talks to
// the loopback interface and nothing else.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace vigil::loadgen {

struct LoadOptions {
  // The server's port on 127.0.0.1. Required.
  int port = 0;

  // Requests per second, sent on a fixed schedule (loadgen/schedule.h). Required.
  double rate = 0;

  // How long requests are sent. Required; at most a day.
  std::chrono::nanoseconds duration{0};

  // Keep-alive connections. A request goes to an idle connection when there is one, otherwise it
  // is pipelined behind the fewest requests, so the schedule never waits for an answer.
  // Default: 64. 1..10000.
  int connections = 64;

  // Threads sending and reading, each with its own share of the connections and of the
  // schedule (request i goes to thread i mod threads). More than one only for rates one core
  // cannot drive. Default: 1. 1..connections.
  int threads = 1;

  // The request target. Default: /detect.
  std::string path = "/detect";

  // Event ids are "<prefix>-<n>". Default: empty, meaning RunPrefix() (loadgen/detect_request.h).
  std::string prefix;

  // After the last request is sent, how long unanswered requests are waited for before they
  // count as errors. Default: 10 s.
  std::chrono::nanoseconds drain_timeout = std::chrono::seconds(10);

  // A request sent more than this after its due time is late. Over 1% of the requests late
  // means the generator did not keep the schedule (the result says so).
  // Default: 1 ms.
  std::chrono::nanoseconds late_threshold = std::chrono::milliseconds(1);

  // Bytes queued on one connection that the server has not read yet. A connection past it takes
  // no more requests; when every connection is past it the schedule waits (and requests get
  // late): the server pushes back. Default: 1 MiB.
  size_t max_unsent_bytes = 1 << 20;
};

}  // namespace vigil::loadgen
