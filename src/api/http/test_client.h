// Test support for the HTTP server tests: a blocking HTTP client on a raw POSIX socket, plain or
// over TLS (OpenSSL on the same socket, made non-blocking), with every wait bounded by poll(2)
// (Asio's synchronous reads ignore SO_RCVTIMEO), and helpers to start a server on port 0 and wait
// for observable effects without sleeping blindly.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "api/http/http_server.h"
#include "api/http/tls_test_support.h"

namespace vigil::http::http_test {

using namespace std::chrono_literals;

// Bound for any single wait in a test; generous so that slow CI machines pass, short enough
// that a hang fails fast.
inline constexpr std::chrono::milliseconds kWait{5000};

// Polls `done` until it holds or `limit` passes.
inline bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = kWait) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class TestClient {
 public:
  explicit TestClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  // Connects and runs a TLS handshake with the client context `tls`: connected() then says
  // whether both succeeded (within `limit`).
  TestClient(uint16_t port, SSL_CTX* tls, std::chrono::milliseconds limit = kWait)
      : TestClient(port) {
    if (fd_ < 0) return;
    // OpenSSL writes with write(2): a send to a reset connection must fail, not kill the test.
    ::signal(SIGPIPE, SIG_IGN);
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    ssl_ = SSL_new(tls);
    SSL_set_fd(ssl_, fd_);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      // SSL_get_error reads the thread's error queue: clear what an earlier connection left there.
      ERR_clear_error();
      const int result = SSL_connect(ssl_);
      if (result == 1) return;
      if (!WaitForTls(result, deadline)) {
        handshake_error_ = SSL_get_verify_result(ssl_);
        Close();
        return;
      }
    }
  }
  ~TestClient() { Close(); }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  void Close() {
    if (ssl_) SSL_free(ssl_);
    ssl_ = nullptr;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // TLS only: the certificate verification result of a failed handshake (X509_V_OK if the
  // certificate was not what failed it).
  long handshake_error() const { return handshake_error_; }
  // TLS only: the SHA-256 fingerprint of the certificate the server presented (lowercase hex).
  std::string PeerSha256() const;
  // TLS only: what was negotiated ("TLSv1.3", "TLS_AES_256_GCM_SHA384"), and the number of
  // certificates the server sent (its own and its chain).
  std::string Protocol() const { return ssl_ ? SSL_get_version(ssl_) : ""; }
  std::string Cipher() const {
    return ssl_ ? SSL_CIPHER_get_name(SSL_get_current_cipher(ssl_)) : "";
  }
  int PeerChainLength() const {
    STACK_OF(X509)* chain = ssl_ ? SSL_get_peer_cert_chain(ssl_) : nullptr;
    return chain ? sk_X509_num(chain) : 0;
  }

  bool Send(std::string_view bytes) {
    if (ssl_) return SendTls(bytes);
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response; nullopt when the connection closed or failed first, or on timeout.
  // `head` says the request was HEAD (the response then has no body to read).
  std::optional<Response> Read(bool head = false, std::chrono::milliseconds limit = kWait) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.eager(true);
    parser.skip(head);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (!pending_.empty()) {
        boost::beast::error_code ec;
        const size_t used = parser.put(boost::asio::buffer(pending_), ec);
        pending_.erase(0, used);
        if (ec && ec != boost::beast::http::error::need_more) return std::nullopt;
        if (parser.is_done()) return parser.release();
        if (!ec && used > 0) continue;
      }
      if (!Receive(deadline)) return std::nullopt;
    }
  }

  // Waits for the server to close the connection, discarding what arrives. True when closed
  // (EOF or reset) within `limit`; the client then closes its side too, as real clients do.
  bool WaitClosed(std::chrono::milliseconds limit = kWait) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const ReceiveResult result = ReceiveSome(deadline);
      if (result == ReceiveResult::kClosed) {
        Close();
        return true;
      }
      if (result == ReceiveResult::kTimeout) return false;
      pending_.clear();
    }
  }

 private:
  enum class ReceiveResult { kData, kClosed, kTimeout };

  bool Receive(std::chrono::steady_clock::time_point deadline) {
    return ReceiveSome(deadline) == ReceiveResult::kData;
  }

  ReceiveResult ReceiveSome(std::chrono::steady_clock::time_point deadline) {
    if (fd_ < 0) return ReceiveResult::kClosed;
    if (ssl_) return ReceiveTls(deadline);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return ReceiveResult::kTimeout;
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return ReceiveResult::kTimeout;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return ReceiveResult::kClosed;
    pending_.append(chunk, static_cast<size_t>(n));
    return ReceiveResult::kData;
  }

  // After an SSL call returned `result` on the non-blocking socket: waits for what it wants (to
  // read or to write) until `deadline`. False when it failed for good or time ran out.
  bool WaitForTls(int result, std::chrono::steady_clock::time_point deadline) {
    const int error = SSL_get_error(ssl_, result);
    short events = 0;
    if (error == SSL_ERROR_WANT_READ) events = POLLIN;
    if (error == SSL_ERROR_WANT_WRITE) events = POLLOUT;
    if (events == 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd_, events, 0};
    return ::poll(&waiting, 1, static_cast<int>(left.count())) > 0;
  }

  bool SendTls(std::string_view bytes) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (!bytes.empty()) {
      // SSL_get_error reads the thread's error queue: clear what an earlier connection left there.
      ERR_clear_error();
      const int n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
      if (n > 0) {
        bytes.remove_prefix(static_cast<size_t>(n));
      } else if (!WaitForTls(n, deadline)) {
        return false;
      }
    }
    return true;
  }

  ReceiveResult ReceiveTls(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      char chunk[4096];
      // SSL_get_error reads the thread's error queue: clear what an earlier connection left there.
      ERR_clear_error();
      const int n = SSL_read(ssl_, chunk, sizeof(chunk));
      if (n > 0) {
        pending_.append(chunk, static_cast<size_t>(n));
        return ReceiveResult::kData;
      }
      const int error = SSL_get_error(ssl_, n);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        return ReceiveResult::kClosed;  // close_notify, end of stream, reset or a TLS alert
      }
      if (std::chrono::steady_clock::now() >= deadline) return ReceiveResult::kTimeout;
      if (!WaitForTls(n, deadline)) return ReceiveResult::kTimeout;
    }
  }

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  long handshake_error_ = X509_V_OK;
  std::string pending_;  // received, not yet parsed
};

inline std::string TestClient::PeerSha256() const {
  return ssl_ ? Sha256Of(SSL_get0_peer_certificate(ssl_)) : "";
}

// A request with Host and, when there is a body, Content-Length.
inline std::string RequestText(std::string_view method, std::string_view target,
                               std::string_view body = {}, std::string_view extra_headers = {}) {
  std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  text += "Host: test\r\n";
  text += extra_headers;
  if (!body.empty() || method == "POST") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n";
  text += body;
  return text;
}

// A 200 text/plain response with `body`.
inline Response TextResponse(std::string body) {
  Response response{boost::beast::http::status::ok, 11};
  response.set(boost::beast::http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

inline ServerOptions TestOptions() {
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  return options;
}

// A started server; fails the test (via the returned port 0) when it cannot listen.
struct RunningServer {
  RunningServer(ServerOptions options, Handler handler)
      : server(std::make_unique<Server>(std::move(options), std::move(handler))) {
    auto started = server->Start();
    port = started ? *started : 0;
  }
  std::unique_ptr<Server> server;
  uint16_t port = 0;
};

}  // namespace vigil::http::http_test
