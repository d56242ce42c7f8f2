// Server: a generic HTTP/1.1 server on Boost.Beast and Asio. It accepts connections, reads
// complete requests within the limits and timeouts of ServerOptions, and hands each to the
// Handler with a Responder that may answer later from any thread. It knows nothing about the
// requests' meaning.
//
//   http::Server server(options, [](http::Request&& request, const http::RequestInfo& info,
//                                   http::Responder responder) {
//     http::Response response{boost::beast::http::status::ok, request.version()};
//     response.set(boost::beast::http::field::content_type, "text/plain");
//     response.body() = "hello";
//     responder.Send(std::move(response));
//   });
//   auto port = server.Start();      // Result<uint16_t>
//   ...
//   server.Stop();                   // graceful
//
// Model: `threads` event loops, each a thread with its own io_context (event_loop.h); accepted
// connections are dealt to the loops in turn and stay on theirs, with one read buffer reused for
// all their requests. Keep-alive per HTTP/1.1 (HTTP/1.0 closes unless it
// asks for keep-alive, "Connection: close" is honoured either way); pipelined requests are read
// one at a time and answered in order. The server answers on its own only what it must: 400 for
// a malformed request, 413 for a body over body_limit (from Content-Length, before reading it,
// or as a chunked body grows past it), 431 for headers over header_limit — each followed by
// closing the connection — and "100 Continue" to clients that expect it.
//
// HTTPS: with tls_cert_file and tls_key_file set the listener speaks only TLS (tls_credentials.h)
// and everything above holds over it, the TLS handshake counting against the first request's
// header timeout. ReloadTls swaps the certificate for new connections without a restart.
//
// Thread-safety: Start, Stop and active_connections may be called from any thread, but Stop
// (and so the destructor) must not be called from the handler: it waits for the I/O threads.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "api/http/event_loop.h"
#include "api/http/handler.h"
#include "api/http/http_options.h"
#include "api/http/tls_credentials.h"
#include "core/result.h"

namespace vigil::http {

namespace detail {
class ServerState;
}  // namespace detail

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, then starts the I/O threads. Returns the bound port (useful with port 0).
  // Fails with kInvalidArgument for an unparsable address, kUnavailable when the address cannot
  // be bound (port taken, permission), and kConflict when called twice or after Stop.
  Result<uint16_t> Start();

  // Graceful stop: stops accepting (new connections are refused), closes connections idle
  // between requests, lets requests being read or handled finish and be answered (with
  // "Connection: close") for up to shutdown_grace, then closes what remains and joins the
  // threads. Responders used after Stop do nothing. Idempotent; concurrent callers all return
  // once the server has stopped.
  void Stop();

  // Open connections, including those being closed.
  size_t active_connections() const;

  // HTTPS only: re-reads tls_cert_file, tls_key_file (and tls_client_ca_file) and serves the
  // connections accepted from now on with them; connections already open keep the credentials
  // they started with. On error — kInvalidArgument, the message naming the file and the reason,
  // `field` the option — nothing changes and the credentials in use stay. kConflict when the
  // server was not started with TLS. Safe to call while serving, from any thread.
  Result<TlsCertificateInfo> ReloadTls();

  // The certificate new connections get; nullopt when the server was not started with TLS.
  std::optional<TlsCertificateInfo> tls_certificate() const;

 private:
  void Accept();
  void OnAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket,
                detail::EventLoop& loop);
  detail::EventLoop& AcceptLoop() { return *loops_.front(); }

  const int thread_count_;
  std::unique_ptr<detail::ServerState> state_;
  // Declared after state_ so they are destroyed first: destroying an io_context destroys
  // handlers that own connections.
  std::vector<std::unique_ptr<detail::EventLoop>> loops_;
  size_t next_loop_ = 0;                     // the loop of the next accepted connection
  boost::asio::ip::tcp::acceptor acceptor_;  // on the first loop
  boost::asio::steady_timer accept_retry_;   // same loop; backs off after accept errors
  std::mutex lifecycle_mu_;                  // serialises Start and Stop
  bool started_ = false;
  bool stopped_ = false;
  bool serves_tls_ = false;     // set by Start before the I/O threads run; read-only after
  mutable std::mutex tls_mu_;   // guards tls_
  detail::TlsCredentials tls_;  // what new connections get
};

}  // namespace vigil::http
