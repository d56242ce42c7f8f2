// TlsStream: the transport of an HTTPS connection — TLS (OpenSSL through Asio) over the
// accepted TCP socket. Same members as PlainStream (plain_stream.h, which lists them); what
// differs:
// - AsyncHandshake runs the server side of the TLS handshake. The connection's header deadline
//   counts from the accept, so a client that connects and never completes the handshake is
//   closed like one that never sends its headers.
// - TryWrite writes nothing: a TLS record passes through the TLS engine's buffer, which allows
//   one write at a time, so every response goes through AsyncWrite (whose first send is still
//   attempted at once, without waiting for the socket), as one TLS record when it fits one.
// - AsyncFinish sends the TLS close_notify and waits for the client's; should the client send
//   data instead (the rest of a refused body), the TCP stream is ended and drained as a plain
//   one is.
//
// The stream holds the TLS context it was made with: a reload gives new connections a new
// context while this one keeps its own.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "api/http/plain_stream.h"

namespace vigil::http::detail {

class TlsStream {
 public:
  // `context` must be a server context (tls_credentials.h).
  TlsStream(boost::asio::ip::tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> context)
      : context_(std::move(context)), stream_(std::move(socket), *context_) {}

  boost::asio::ip::tcp::socket& socket() { return stream_.next_layer(); }

  template <class Handler>
  void AsyncHandshake(Handler&& handler) {
    stream_.async_handshake(boost::asio::ssl::stream_base::server, std::forward<Handler>(handler));
  }

  template <class Buffer, class Handler>
  void AsyncReadSome(const Buffer& buffer, Handler&& handler) {
    stream_.async_read_some(buffer, std::forward<Handler>(handler));
  }

  template <class Buffers>
  size_t TryWrite(const Buffers&, boost::system::error_code& ec) {
    ec = boost::asio::error::would_block;
    return 0;
  }

  // One write at a time. The buffers are gathered first: the TLS stream encrypts one buffer per
  // step, and a response's head and body in separate records would cost a send each.
  template <class Buffers, class Handler>
  void AsyncWrite(const Buffers& buffers, Handler&& handler) {
    gathered_.clear();
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::const_buffer buffer(*it);
      gathered_.append(static_cast<const char*>(buffer.data()), buffer.size());
    }
    auto done = [this, handler = std::forward<Handler>(handler)](boost::system::error_code ec,
                                                                 size_t bytes) mutable {
      // A large response's copy is not kept for the rest of a keep-alive connection.
      if (gathered_.capacity() > kKeptWriteCapacity) std::string().swap(gathered_);
      handler(ec, bytes);
    };
    boost::asio::async_write(stream_, boost::asio::buffer(gathered_), std::move(done));
  }

  template <class Handler>
  void AsyncFinish(boost::asio::mutable_buffer scratch, Handler handler) {
    stream_.async_shutdown(
        [this, scratch, handler = std::move(handler)](boost::system::error_code ec) mutable {
          // The client's close_notify came back, or the connection was closed meanwhile: done.
          if (!ec || ec == boost::asio::error::operation_aborted) return handler(ec);
          // Anything else, after our close_notify went out: the client sent more (OpenSSL fails
          // the shutdown on application data, a refused body for instance) or closed without one.
          // End the TCP stream as a plain connection does, discarding the rest unread.
          EndTcpStream(socket(), scratch, std::move(handler));
        });
  }

  void Close() {
    boost::system::error_code ignored;
    socket().close(ignored);
  }

 private:
  static constexpr size_t kKeptWriteCapacity = 64 * 1024;

  std::shared_ptr<boost::asio::ssl::context> context_;  // before stream_: it must outlive it
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  std::string gathered_;  // the bytes of the write in progress
};

}  // namespace vigil::http::detail
