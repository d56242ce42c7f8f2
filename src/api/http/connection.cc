#include "api/http/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <string_view>

#include "api/http/error_response.h"
#include "core/log.h"

namespace vigil::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// Enough for a typical request in one read; the parser grows the buffer for larger ones.
constexpr size_t kReadSize = 4096;

// After the last response on a connection the server shuts down its sending side and discards
// what the client still sends, for at most this long, before closing: closing a socket with
// unread data makes the kernel send a reset, which can destroy a response (a 413, say) before
// the client has read it.
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

bool IsParseError(const beast::error_code& ec) {
  static const auto& category =
      beast_http::make_error_code(beast_http::error::bad_target).category();
  return ec.category() == category && ec != beast_http::error::end_of_stream &&
         ec != beast_http::error::partial_message;
}

}  // namespace

Connection::Connection(ServerState& server, tcp::socket socket, uint64_t id)
    : server_(server),
      id_(id),
      stream_(std::move(socket)),
      strand_(stream_.get_executor()),
      accepted_(std::chrono::steady_clock::now()) {
  beast::error_code ec;
  stream_.socket().set_option(tcp::no_delay(true), ec);  // small responses; latency matters
  const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    try {
      remote_address_ = peer.address().to_string();
    } catch (const std::exception&) {
      // Leave it empty: the address is informational.
    }
  }
}

void Connection::Start(const std::shared_ptr<Connection>& self) {
  net::post(self->strand_, [self] { self->WaitForRequest(); });
}

void Connection::BeginShutdown(const std::shared_ptr<Connection>& self) {
  net::post(self->strand_, [self] {
    if (self->phase_ == Phase::kWaiting) self->Close();
  });
}

void Connection::ForceClose(const std::shared_ptr<Connection>& self) {
  net::post(self->strand_, [self] { self->Close(); });
}

void Connection::PostResponse(std::shared_ptr<Connection> self, uint64_t sequence,
                              Response response) {
  const net::any_io_executor strand = self->strand_;
  net::post(strand, [self = std::move(self), sequence, response = std::move(response)]() mutable {
    self->OnResponse(sequence, std::move(response));
  });
}

void Connection::WaitForRequest() {
  if (phase_ == Phase::kClosed) return;
  if (server_.stopping()) return Close();
  phase_ = Phase::kWaiting;
  if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
  // The first request's header deadline counts from the accept, so a client that connects and
  // sends nothing is treated like one that sends its headers too slowly.
  if (first_request_) {
    stream_.expires_at(accepted_ + server_.options().header_timeout);
  } else {
    stream_.expires_after(server_.options().idle_timeout);
  }
  stream_.async_read_some(buffer_.prepare(kReadSize),
                          beast::bind_front_handler(&Connection::OnFirstBytes, shared_from_this()));
}

void Connection::OnFirstBytes(beast::error_code ec, size_t bytes) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return Close();  // idle timeout, or the client went away
  buffer_.commit(bytes);
  ReadHeader();
}

void Connection::ReadHeader() {
  phase_ = Phase::kReading;
  const ServerOptions& options = server_.options();
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(
      std::min<size_t>(options.header_limit, std::numeric_limits<uint32_t>::max())));
  parser_->body_limit(options.body_limit);
  if (!first_request_) stream_.expires_after(options.header_timeout);
  beast_http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
}

void Connection::OnHeader(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  // A Content-Length above body_limit fails here, before any of the body is read.
  if (ec) return OnReadError(ec);
  if (parser_->is_done()) return Dispatch();
  const Request& request = parser_->get();
  if (request.version() >= 11 &&
      beast::iequals(request[beast_http::field::expect], "100-continue")) {
    // The client waits for this before sending the body (curl does for bodies over 1 KiB).
    stream_.expires_after(server_.options().body_timeout);
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code write_ec, size_t) {
                       if (self->phase_ == Phase::kClosed) return;
                       if (write_ec) return self->Close();
                       self->ReadBody();
                     });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  stream_.expires_after(server_.options().body_timeout);
  beast_http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
}

void Connection::OnBody(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return OnReadError(ec);
  Dispatch();
}

void Connection::OnReadError(beast::error_code ec) {
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
  Close();  // timeout, reset, or the client closed (between or within requests)
}

void Connection::Dispatch() {
  Request request = parser_->release();
  parser_.reset();
  stream_.expires_never();  // the handler takes what it takes; Stop's grace bounds it
  phase_ = Phase::kHandling;
  first_request_ = false;
  ++sequence_;
  request_version_ = request.version();
  request_keep_alive_ = request.keep_alive();
  request_is_head_ = request.method() == beast_http::verb::head;
  const RequestInfo info{remote_address_, std::chrono::steady_clock::now(), id_};
  try {
    server_.handler()(std::move(request), info,
                      Responder::Make(weak_from_this(), server_.gate(), sequence_));
  } catch (const std::exception& e) {
    log::Error("http handler threw", {{"error", e.what()}, {"connection_id", id_}});
  } catch (...) {
    log::Error("http handler threw", {{"error", "unknown exception"}, {"connection_id", id_}});
  }
  // Nothing may follow: the Responder may already have been used from another thread.
}

void Connection::OnResponse(uint64_t sequence, Response response) {
  if (phase_ != Phase::kHandling || sequence != sequence_) return;  // closed meanwhile
  const bool close_after = !request_keep_alive_ || HasCloseToken(response) || server_.stopping();
  CompleteResponse(response, request_version_, request_is_head_, !close_after);
  WriteResponse(std::move(response), close_after);
}

void Connection::WriteResponse(Response response, bool close_after) {
  phase_ = Phase::kWriting;
  close_after_write_ = close_after;
  response_.emplace(std::move(response));
  stream_.expires_after(server_.options().write_timeout);
  beast_http::async_write(stream_, *response_,
                          beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
}

void Connection::OnWrite(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  response_.reset();
  if (ec) return Close();
  if (close_after_write_) return Linger();
  WaitForRequest();
}

void Connection::Linger() {
  phase_ = Phase::kLingering;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return Close();
  stream_.expires_after(kLingerTime);
  stream_.async_read_some(buffer_.prepare(kReadSize),
                          beast::bind_front_handler(&Connection::OnLingerRead, shared_from_this()));
}

void Connection::OnLingerRead(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return Close();  // the client closed too, or the linger time ran out
  // Not committed: the bytes are discarded and the same space is read into again.
  stream_.async_read_some(buffer_.prepare(kReadSize),
                          beast::bind_front_handler(&Connection::OnLingerRead, shared_from_this()));
}

void Connection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  // Pending operations complete with operation_aborted and see kClosed; the parser, buffer and
  // response they may reference live as long as the connection does.
  stream_.close();
  server_.Unregister(id_);
}

}  // namespace vigil::http::detail
