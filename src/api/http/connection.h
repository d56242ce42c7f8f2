// Connection: one accepted TCP connection speaking HTTP/1.1 — reads a request, hands it to the
// handler, writes the response, and reads the next one (keep-alive, pipelining in order, one
// request at a time). Enforces the header, body, idle and write timeouts and the size limits, and
// answers malformed or oversized requests itself (400, 413, 431) before closing.
//
// Ownership: shared. The ServerState holds it while it is open; pending operations hold it while
// they run; Responders hold it only weakly. Thread-safety: every member runs on the thread of the
// connection's EventLoop; the static entry points below may be called from any thread.
//
// Reading feeds the bytes to Beast's parser directly; a response is serialised here and written
// with one non-blocking send, falling back to an asynchronous write only when the socket's buffer
// is full. Timeouts are deadlines the loop's sweep enforces (event_loop.h).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "api/http/event_loop.h"
#include "api/http/handler.h"
#include "api/http/server_state.h"

namespace vigil::http::detail {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must have been opened on `loop`'s io_context.
  Connection(ServerState& server, EventLoop& loop, boost::asio::ip::tcp::socket socket,
             uint64_t id);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts reading the first request. Posts onto the loop.
  static void Start(const std::shared_ptr<Connection>& self);
  // Stop began: close now when idle between requests; otherwise finish the current request and
  // close after its response.
  static void BeginShutdown(const std::shared_ptr<Connection>& self);
  // Close at once, whatever the state (the shutdown grace ran out).
  static void ForceClose(const std::shared_ptr<Connection>& self);
  // Delivers the response of request number `sequence` (from a Responder): at once when called
  // on the connection's loop, else through the loop's deliveries.
  static void PostResponse(std::shared_ptr<Connection> self, uint64_t sequence, Response response);

  // For the loop's sweep: when the current phase runs out of time, and closing when it has.
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  void OnDeadline();

 private:
  enum class Phase { kWaiting, kReading, kHandling, kWriting, kLingering, kClosed };

  void WaitForRequest();
  void Read();
  void OnRead(boost::beast::error_code ec, size_t bytes);
  void Parse();
  void OnHeaderDone();
  void OnReadError(boost::beast::error_code ec);
  void Dispatch();
  void OnResponse(uint64_t sequence, Response response);
  void WriteResponse(Response response, bool close_after);
  void OnWritten();
  void Linger();
  void OnLingerRead(boost::beast::error_code ec, size_t bytes);
  void Close();
  void SetDeadline(std::chrono::milliseconds from_now);

  ServerState& server_;
  EventLoop& loop_;
  const uint64_t id_;
  boost::asio::ip::tcp::socket socket_;
  std::string remote_address_;
  boost::beast::flat_buffer buffer_;  // reused for every request of the connection
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<Response> response_;  // the one being written
  std::string head_;                  // its status line and header fields, serialised
  std::chrono::steady_clock::time_point accepted_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  Phase phase_ = Phase::kWaiting;
  bool first_request_ = true;
  bool close_after_write_ = false;
  // Of the request in the handler:
  uint64_t sequence_ = 0;
  unsigned request_version_ = 11;
  bool request_keep_alive_ = true;
  bool request_is_head_ = false;
};

}  // namespace vigil::http::detail
