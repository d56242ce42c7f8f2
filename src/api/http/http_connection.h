// HttpConnection<Stream>: HTTP/1.1 on one accepted connection — reads a request, hands it to the
// handler, writes the response, and reads the next one (keep-alive, pipelining in order, one
// request at a time). Enforces the header, body, idle and write timeouts and the size limits, and
// answers malformed or oversized requests itself (400, 413, 431) before closing.
//
// `Stream` is the transport: PlainStream (plain_stream.h, which lists what a stream offers) or
// TlsStream (tls_stream.h). The class is instantiated for those two in http_connection.cc; the
// rest of the server sees only Connection (connection.h).
//
// Reading feeds the bytes to Beast's parser directly; a response is serialised here and written
// with one non-blocking send (on plain TCP), falling back to an asynchronous write only when the
// socket's buffer is full. Timeouts are deadlines the loop's sweep enforces (event_loop.h); the
// first request's header deadline counts from the accept, so it also bounds a TLS handshake.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/http/connection.h"
#include "api/http/event_loop.h"
#include "api/http/handler.h"
#include "api/http/server_state.h"

namespace vigil::http::detail {

template <class Stream>
class HttpConnection final : public Connection {
 public:
  // `stream_args` make the Stream: the accepted socket (opened on `loop`'s io_context) and, for
  // TLS, the context.
  template <class... StreamArgs>
  HttpConnection(ServerState& server, EventLoop& loop, uint64_t id, StreamArgs&&... stream_args);

 private:
  enum class Phase { kHandshake, kWaiting, kReading, kHandling, kWriting, kLingering, kClosed };

  void Open() override;
  void OnStopping() override;
  void Close() override;
  void OnResponse(uint64_t sequence, Response response) override;

  std::shared_ptr<HttpConnection> Self();
  void OnHandshake(boost::beast::error_code ec);
  void WaitForRequest();
  void Read();
  void OnRead(boost::beast::error_code ec, size_t bytes);
  void Parse();
  void OnHeaderDone();
  void OnReadError(boost::beast::error_code ec);
  void Dispatch();
  void WriteResponse(Response response, bool close_after);
  void OnWritten();
  void Linger();
  void SetDeadline(std::chrono::milliseconds from_now);

  ServerState& server_;
  const uint64_t id_;
  Stream stream_;
  std::string remote_address_;
  boost::beast::flat_buffer buffer_;  // reused for every request of the connection
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<Response> response_;  // the one being written
  std::string head_;                  // its status line and header fields, serialised
  std::chrono::steady_clock::time_point accepted_;
  Phase phase_ = Phase::kHandshake;
  bool first_request_ = true;
  bool close_after_write_ = false;
  // Of the request in the handler:
  uint64_t sequence_ = 0;
  unsigned request_version_ = 11;
  bool request_keep_alive_ = true;
  bool request_is_head_ = false;
};

}  // namespace vigil::http::detail
