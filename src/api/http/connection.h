// Connection: one accepted connection speaking HTTP/1.1, as the rest of the server sees it — the
// Server starts, stops and force-closes it, its EventLoop enforces its deadline, Responders hand it
// answers. The HTTP itself is HttpConnection<Stream> (http_connection.h), one class over plain TCP
// and over TLS; MakeConnection picks the stream.
//
// Ownership: shared. The ServerState holds it while it is open; pending operations hold it while
// they run; Responders hold it only weakly. Thread-safety: every member runs on the thread of the
// connection's EventLoop; the static entry points below may be called from any thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

#include "api/http/event_loop.h"
#include "api/http/handler.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace vigil::http::detail {

class SendGate;
class ServerState;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the connection (the TLS handshake, if any, then reading the first request). Posts
  // onto the loop.
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

 protected:
  explicit Connection(EventLoop& loop) : loop_(loop) {}

  // On the loop's thread, from the entry points above.
  virtual void Open() = 0;
  virtual void OnStopping() = 0;
  virtual void Close() = 0;  // idempotent
  virtual void OnResponse(uint64_t sequence, Response response) = 0;

  // The Responder of request number `sequence` on this connection.
  Responder MakeResponder(std::shared_ptr<SendGate> gate, uint64_t sequence);

  EventLoop& loop_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

// A connection for `socket`, which must have been opened on `loop`'s io_context: HTTPS with the
// credentials of `tls` when it is set, plain HTTP otherwise.
std::shared_ptr<Connection> MakeConnection(ServerState& server, EventLoop& loop,
                                           boost::asio::ip::tcp::socket socket, uint64_t id,
                                           std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace vigil::http::detail
