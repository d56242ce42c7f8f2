#include "api/http/http_connection.h"

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <exception>
#include <limits>
#include <string_view>

#include "api/http/error_response.h"
#include "api/http/plain_stream.h"
#include "api/http/tls_stream.h"
#include "core/log.h"

namespace vigil::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// Enough for a typical request in one read.
constexpr size_t kReadSize = 4096;

// How long a connection may take to end after its last response (the stream's AsyncFinish: a
// plain connection discards what the client still sends, a TLS one waits for its close_notify).
constexpr std::chrono::milliseconds kLingerTime{1000};

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool HasCloseToken(const Response& response) {
  for (const auto& token : beast_http::token_list{response[beast_http::field::connection]}) {
    if (beast::iequals(token, "close")) return true;
  }
  return false;
}

// Fills in what the server owns: version, Connection, and a Content-Length matching the body.
void CompleteResponse(Response& response, unsigned version, bool head, bool keep_alive) {
  response.version(version);
  response.keep_alive(keep_alive);
  const unsigned status = response.result_int();
  if (status < 200 || status == 204 || status == 304) {  // these never carry a body
    response.body().clear();
    response.chunked(false);
    if (status != 304) response.erase(beast_http::field::content_length);
    return;
  }
  if (head) {
    // A HEAD answer states the length of the body a GET would get, and sends none.
    if (!(response.body().empty() && response.has_content_length())) {
      response.content_length(response.body().size());
    }
    response.body().clear();
    return;
  }
  response.content_length(response.body().size());
}

// The status line and header fields of `response`, as Beast's serializer would write them.
void SerializeHead(const Response& response, std::string& out) {
  out.clear();
  out += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.result_int());
  out += ' ';
  out.append(response.reason());
  out += "\r\n";
  for (const auto& field : response) {
    out.append(field.name_string());
    out += ": ";
    out.append(field.value());
    out += "\r\n";
  }
  out += "\r\n";
}

bool IsParseError(const beast::error_code& ec) {
  static const auto& category =
      beast_http::make_error_code(beast_http::error::bad_target).category();
  return ec.category() == category && ec != beast_http::error::end_of_stream &&
         ec != beast_http::error::partial_message;
}

}  // namespace

template <class Stream>
template <class... StreamArgs>
HttpConnection<Stream>::HttpConnection(ServerState& server, EventLoop& loop, uint64_t id,
                                       StreamArgs&&... stream_args)
    : Connection(loop),
      server_(server),
      id_(id),
      stream_(std::forward<StreamArgs>(stream_args)...),
      accepted_(std::chrono::steady_clock::now()) {
  tcp::socket& socket = stream_.socket();
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);  // small responses; latency matters
  socket.non_blocking(true, ec);               // WriteResponse tries a send before waiting
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (!ec) {
    try {
      remote_address_ = peer.address().to_string();
    } catch (const std::exception&) {
      // Leave it empty: the address is informational.
    }
  }
  // The parser enforces header_limit on a complete header; the buffer only needs room for one
  // plus a read's worth (bodies go straight into the parser).
  buffer_.max_size(server_.options().header_limit + kReadSize);
}

template <class Stream>
std::shared_ptr<HttpConnection<Stream>> HttpConnection<Stream>::Self() {
  return std::static_pointer_cast<HttpConnection>(shared_from_this());
}

template <class Stream>
void HttpConnection<Stream>::Open() {
  // The first request's header deadline counts from the accept, so a client that connects and
  // sends nothing (or never completes a TLS handshake) is treated like one that sends its
  // headers too slowly.
  deadline_ = accepted_ + server_.options().header_timeout;
  stream_.AsyncHandshake(beast::bind_front_handler(&HttpConnection::OnHandshake, Self()));
}

template <class Stream>
void HttpConnection<Stream>::OnHandshake(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec) {
    // Scanners, plain-HTTP clients on an HTTPS port, clients that distrust the certificate:
    // routine on an open port, so not worth more than a debug line.
    log::Write(log::Level::kDebug, "tls handshake failed",
               {{"error", ec.message()}, {"remote", remote_address_}, {"connection_id", id_}});
    return Close();
  }
  WaitForRequest();
}

template <class Stream>
void HttpConnection<Stream>::OnStopping() {
  if (phase_ == Phase::kWaiting || phase_ == Phase::kHandshake) Close();
}

template <class Stream>
void HttpConnection<Stream>::SetDeadline(std::chrono::milliseconds from_now) {
  deadline_ = std::chrono::steady_clock::now() + from_now;
}

template <class Stream>
void HttpConnection<Stream>::WaitForRequest() {
  if (phase_ == Phase::kClosed) return;
  if (server_.stopping()) return Close();
  phase_ = Phase::kWaiting;
  if (!first_request_) SetDeadline(server_.options().idle_timeout);
  if (buffer_.size() > 0) return Parse();  // a pipelined request is already here
  Read();
}

template <class Stream>
void HttpConnection<Stream>::Read() {
  const size_t room = buffer_.max_size() - buffer_.size();
  if (room == 0) return OnReadError(beast_http::error::buffer_overflow);
  stream_.AsyncReadSome(buffer_.prepare(std::min(kReadSize, room)),
                        beast::bind_front_handler(&HttpConnection::OnRead, Self()));
}

template <class Stream>
void HttpConnection<Stream>::OnRead(beast::error_code ec, size_t bytes) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return Close();  // the client went away or reset; or a deadline closed the socket
  buffer_.commit(bytes);
  Parse();
}

template <class Stream>
void HttpConnection<Stream>::Parse() {
  if (phase_ == Phase::kWaiting) {
    phase_ = Phase::kReading;
    if (!first_request_) SetDeadline(server_.options().header_timeout);
  }
  if (!parser_) {
    const ServerOptions& options = server_.options();
    parser_.emplace();
    parser_->eager(true);  // take the body as it comes, so the buffer holds at most a header
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(options.header_limit, std::numeric_limits<uint32_t>::max())));
    parser_->body_limit(options.body_limit);
  }
  const bool had_header = parser_->is_header_done();
  while (buffer_.size() > 0 && !parser_->is_done()) {
    beast::error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == beast_http::error::need_more) break;
    // A Content-Length above body_limit fails here, before any of the body is read.
    if (ec) return OnReadError(ec);
    if (used == 0) break;
  }
  if (parser_->is_done()) return Dispatch();
  if (!had_header && parser_->is_header_done()) return OnHeaderDone();
  Read();
}

template <class Stream>
void HttpConnection<Stream>::OnHeaderDone() {
  SetDeadline(server_.options().body_timeout);
  const Request& request = parser_->get();
  if (request.version() >= 11 &&
      beast::iequals(request[beast_http::field::expect], "100-continue")) {
    // The client waits for this before sending the body (curl does for bodies over 1 KiB).
    stream_.AsyncWrite(net::buffer(kContinue.data(), kContinue.size()),
                       [self = Self()](beast::error_code write_ec, size_t) {
                         if (self->phase_ == Phase::kClosed) return;
                         if (write_ec) return self->Close();
                         self->Read();
                       });
    return;
  }
  Read();
}

template <class Stream>
void HttpConnection<Stream>::OnReadError(beast::error_code ec) {
  if (ec == beast_http::error::body_limit) {
    return WriteResponse(
        MakeErrorResponse(
            413, "PayloadTooLarge",
            "request body exceeds " + std::to_string(server_.options().body_limit) + " bytes"),
        true);
  }
  if (ec == beast_http::error::header_limit || ec == beast_http::error::buffer_overflow) {
    return WriteResponse(
        MakeErrorResponse(
            431, "PayloadTooLarge",
            "request headers exceed " + std::to_string(server_.options().header_limit) + " bytes"),
        true);
  }
  if (IsParseError(ec)) {
    return WriteResponse(
        MakeErrorResponse(400, "InvalidArgument", "malformed HTTP request: " + ec.message()), true);
  }
  Close();
}

template <class Stream>
void HttpConnection<Stream>::Dispatch() {
  Request request = parser_->release();
  parser_.reset();
  deadline_ = std::chrono::steady_clock::time_point::max();  // Stop's grace bounds the handler
  phase_ = Phase::kHandling;
  first_request_ = false;
  ++sequence_;
  request_version_ = request.version();
  request_keep_alive_ = request.keep_alive();
  request_is_head_ = request.method() == beast_http::verb::head;
  const RequestInfo info{remote_address_, std::chrono::steady_clock::now(), id_};
  try {
    server_.handler()(std::move(request), info, MakeResponder(server_.gate(), sequence_));
  } catch (const std::exception& e) {
    log::Error("http handler threw", {{"error", e.what()}, {"connection_id", id_}});
  } catch (...) {
    log::Error("http handler threw", {{"error", "unknown exception"}, {"connection_id", id_}});
  }
  // Nothing may follow: the response may have been written and the next request started.
}

template <class Stream>
void HttpConnection<Stream>::OnResponse(uint64_t sequence, Response response) {
  if (phase_ != Phase::kHandling || sequence != sequence_) return;  // closed meanwhile
  const bool close_after = !request_keep_alive_ || HasCloseToken(response) || server_.stopping();
  CompleteResponse(response, request_version_, request_is_head_, !close_after);
  WriteResponse(std::move(response), close_after);
}

template <class Stream>
void HttpConnection<Stream>::WriteResponse(Response response, bool close_after) {
  phase_ = Phase::kWriting;
  close_after_write_ = close_after;
  response_.emplace(std::move(response));
  SerializeHead(*response_, head_);
  const std::string& body = response_->body();
  // Usually the whole response fits the socket's send buffer: one send, no waiting.
  std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body)};
  beast::error_code ec;
  const size_t sent = stream_.TryWrite(buffers, ec);
  if (ec && ec != net::error::would_block && ec != net::error::try_again) return Close();
  if (!ec && sent == head_.size() + body.size()) return OnWritten();
  const size_t done = ec ? 0 : sent;
  if (done < head_.size()) {
    buffers = {net::buffer(head_) + done, net::buffer(body)};
  } else {
    buffers = {net::const_buffer(), net::buffer(body) + (done - head_.size())};
  }
  SetDeadline(server_.options().write_timeout);
  stream_.AsyncWrite(buffers, [self = Self()](beast::error_code write_ec, size_t) {
    if (self->phase_ == Phase::kClosed) return;
    if (write_ec) return self->Close();
    self->OnWritten();
  });
}

template <class Stream>
void HttpConnection<Stream>::OnWritten() {
  response_.reset();
  if (close_after_write_) return Linger();
  if (buffer_.size() > 0) {
    // A pipelined request is waiting; parse it from the loop rather than deeper in this stack,
    // which may be inside the handler of the request just answered.
    phase_ = Phase::kWaiting;
    net::post(loop_.io(), [self = Self()] { self->WaitForRequest(); });
    return;
  }
  WaitForRequest();
}

template <class Stream>
void HttpConnection<Stream>::Linger() {
  phase_ = Phase::kLingering;
  deadline_ = std::chrono::steady_clock::now() + kLingerTime;
  buffer_.clear();
  stream_.AsyncFinish(buffer_.prepare(kReadSize),
                      [self = Self()](beast::error_code) { self->Close(); });
}

template <class Stream>
void HttpConnection<Stream>::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  loop_.Remove(this);
  // Pending operations complete with operation_aborted and see kClosed; the parser, buffer and
  // response they may reference live as long as the connection does.
  stream_.Close();
  server_.Unregister(id_);
}

std::shared_ptr<Connection> MakeConnection(ServerState& server, EventLoop& loop, tcp::socket socket,
                                           uint64_t id, std::shared_ptr<net::ssl::context> tls) {
  if (tls) {
    return std::make_shared<HttpConnection<TlsStream>>(server, loop, id, std::move(socket),
                                                       std::move(tls));
  }
  return std::make_shared<HttpConnection<PlainStream>>(server, loop, id, std::move(socket));
}

}  // namespace vigil::http::detail
