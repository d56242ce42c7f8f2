// PlainStream: the transport of a plain-HTTP connection — the accepted TCP socket itself.
//
// HttpConnection (http_connection.h) is written against this small interface and instantiated
// with PlainStream and TlsStream (tls_stream.h), which offer the same members:
//   socket()                    the TCP socket underneath (options, peer address)
//   AsyncHandshake(h)           what must happen before the first request; h(error_code)
//   AsyncReadSome(buffer, h)    h(error_code, bytes)
//   TryWrite(buffers, ec)       writes what can be written without waiting; returns the bytes
//   AsyncWrite(buffers, h)      writes all of buffers; h(error_code, bytes)
//   AsyncFinish(scratch, h)     ends the connection after its last response; h(error_code)
//   Close()                     closes the socket; pending operations complete with an error
// Every member runs on the connection's thread; the handlers keep the connection (which owns the
// stream) alive.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <utility>

namespace vigil::http::detail {

// Reads and discards what arrives on `socket` until the client closes or the read fails (the
// connection was closed), then calls handler(error_code).
template <class Handler>
void DiscardUntilClosed(boost::asio::ip::tcp::socket& socket, boost::asio::mutable_buffer scratch,
                        Handler handler) {
  socket.async_read_some(scratch, [&socket, scratch, handler = std::move(handler)](
                                      boost::system::error_code ec, size_t) mutable {
    if (ec) return handler(ec);
    DiscardUntilClosed(socket, scratch, std::move(handler));
  });
}

// Ends a TCP stream after the last response: shuts down the sending side (the client sees the
// end of the stream) and reads and discards what the client still sends until it closes too.
// Closing a socket with unread data makes the kernel send a reset, which can destroy a response
// (a 413, say) before the client has read it. `scratch` receives the discarded bytes; the caller
// bounds the wait with a deadline.
template <class Handler>
void EndTcpStream(boost::asio::ip::tcp::socket& socket, boost::asio::mutable_buffer scratch,
                  Handler handler) {
  boost::system::error_code ec;
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) return handler(ec);
  DiscardUntilClosed(socket, scratch, std::move(handler));
}

class PlainStream {
 public:
  // `socket` must be in non-blocking mode (TryWrite relies on it).
  explicit PlainStream(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

  boost::asio::ip::tcp::socket& socket() { return socket_; }

  // Nothing to negotiate.
  template <class Handler>
  void AsyncHandshake(Handler&& handler) {
    std::forward<Handler>(handler)(boost::system::error_code());
  }

  template <class Buffer, class Handler>
  void AsyncReadSome(const Buffer& buffer, Handler&& handler) {
    socket_.async_read_some(buffer, std::forward<Handler>(handler));
  }

  // One non-blocking send: usually a whole response fits the socket's buffer. Fails with
  // would_block when nothing could be sent.
  template <class Buffers>
  size_t TryWrite(const Buffers& buffers, boost::system::error_code& ec) {
    return socket_.write_some(buffers, ec);
  }

  template <class Buffers, class Handler>
  void AsyncWrite(const Buffers& buffers, Handler&& handler) {
    boost::asio::async_write(socket_, buffers, std::forward<Handler>(handler));
  }

  // Shuts down the sending side and drains the socket (EndTcpStream below).
  template <class Handler>
  void AsyncFinish(boost::asio::mutable_buffer scratch, Handler handler) {
    EndTcpStream(socket_, scratch, std::move(handler));
  }

  void Close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace vigil::http::detail
