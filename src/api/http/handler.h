// What the HTTP server hands to the application: a complete request, facts about where it came
// from, and a Responder that answers it — now or later, from any thread.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace vigil::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct RequestInfo {
  std::string remote_address;                      // peer IP, e.g. "127.0.0.1"
  std::chrono::steady_clock::time_point received;  // when the complete request had been read
  uint64_t connection_id = 0;                      // unique per server, increasing
};

namespace detail {
class Connection;
class SendGate;
}  // namespace detail

// Sends the response to one request. Copies share one state; Send must be called once, from any
// thread, and later calls are ignored. The server writes the response on the connection's event
// loop and then reads the connection's next request, so a connection never has two requests in
// the handler at once. If no copy ever calls Send (a bug), the destruction of the last copy answers
// 500. Send after the client went away, or after the server stopped, is a harmless no-op; a
// Responder may outlive the Server.
//
// The server completes the response: it sets the HTTP version, Content-Length (the body is sent
// whole) and Connection (closing when the request asked for it, when the response carries
// "Connection: close", or when the server is stopping). It adds no Server or Date header; the
// handler sets Content-Type. For HEAD requests the body is measured and not sent.
class Responder {
 public:
  Responder() = default;  // answers nothing; Send is a no-op

  void Send(Response response);

  // True once Send was called on any copy.
  bool sent() const;

 private:
  friend class detail::Connection;
  struct State;
  explicit Responder(std::shared_ptr<State> state) : state_(std::move(state)) {}
  static Responder Make(std::weak_ptr<detail::Connection> connection,
                        std::shared_ptr<detail::SendGate> gate, uint64_t request_sequence);

  std::shared_ptr<State> state_;
};

// Called on an I/O thread for each complete request, in order per connection. It must not block
// (hand long work to another thread and keep the Responder); exceptions it throws are logged and,
// if it did not answer, the request is answered 500.
using Handler =
    std::function<void(Request&& request, const RequestInfo& info, Responder responder)>;

}  // namespace vigil::http
