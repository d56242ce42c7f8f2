#include "cli/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>

namespace vigil::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;

namespace {

struct Endpoint {
  bool https = false;
  std::string host;
  std::string port;
};

Endpoint ParseServer(const std::string& server) {
  Endpoint endpoint;
  std::string hostport = server;
  if (hostport.starts_with("https://")) {
    endpoint.https = true;
    hostport = hostport.substr(8);
  } else if (hostport.starts_with("http://")) {
    hostport = hostport.substr(7);
  }
  while (!hostport.empty() && hostport.back() == '/') hostport.pop_back();
  const size_t colon = hostport.rfind(':');
  endpoint.host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  endpoint.port =
      colon == std::string::npos ? (endpoint.https ? "443" : "80") : hostport.substr(colon + 1);
  return endpoint;
}

// Writes the request and reads the reply on a connected (and, for HTTPS, handshaken) stream.
// Sets `reusable` to whether the connection may carry another exchange.
template <class Stream>
HttpReply Exchange(Stream& stream, const std::string& host, const std::string& method,
                   const std::string& target, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   bool& reusable) {
  beast::http::request<beast::http::string_body> request{beast::http::string_to_verb(method),
                                                         target, 11};
  request.set(beast::http::field::host, host);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.keep_alive(true);
  request.prepare_payload();
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(64 << 20);
  beast::http::read(stream, buffer, parser);
  reusable = parser.get().keep_alive() && buffer.size() == 0;
  return HttpReply{parser.get().result_int(), std::move(parser.get().body())};
}

}  // namespace

// An open connection, plain or TLS, with the contexts it needs (declared in this order so that
// the streams go before them).
struct HttpConnection {
  asio::io_context io;
  std::optional<ssl::context> tls_context;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;

  beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*tls); }
  ~HttpConnection() {
    if (!plain && !tls) return;
    beast::error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  }
};

namespace {

// A new connection to `endpoint`, handshaken for HTTPS. Throws; `stage` says what was being
// done when it did.
std::unique_ptr<HttpConnection> Connect(const Endpoint& endpoint, const HttpCallOptions& options,
                                        const char*& stage) {
  auto c = std::make_unique<HttpConnection>();
  asio::ip::tcp::resolver resolver(c->io);
  auto resolved = resolver.resolve(endpoint.host, endpoint.port);
  if (!endpoint.https) {
    c->plain.emplace(c->io);
    c->plain->expires_after(options.timeout);
    c->plain->connect(resolved);
    return c;
  }
  ssl::context& tls = c->tls_context.emplace(ssl::context::tls_client);
  tls.set_verify_mode(ssl::verify_peer);
  stage = "cannot use the CA file for ";
  if (options.ca_file.empty()) {
    tls.set_default_verify_paths();
  } else {
    tls.load_verify_file(options.ca_file);
  }
  stage = "cannot reach the server at ";
  auto& stream = c->tls.emplace(c->io, tls);
  stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
  // Server Name Indication, for servers behind a proxy that routes by name.
  boost::system::error_code not_ip;
  asio::ip::make_address(endpoint.host, not_ip);
  if (not_ip) SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
  c->tcp().expires_after(options.timeout);
  c->tcp().connect(resolved);
  stage = "TLS handshake failed with ";
  stream.handshake(ssl::stream_base::client);
  stage = "cannot reach the server at ";
  return c;
}

}  // namespace

HttpSession::HttpSession(std::string server, HttpCallOptions options)
    : server_(std::move(server)), options_(std::move(options)) {}

HttpSession::~HttpSession() = default;

Result<HttpReply> HttpSession::Exchange(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  const bool reused = connection_ != nullptr;
  auto reply = ExchangeOnce(method, target, body, headers);
  if (reply || !reused) return reply;
  // The server may have closed the kept-alive connection meanwhile: once more, on a new one.
  return ExchangeOnce(method, target, body, headers);
}

Result<HttpReply> HttpSession::ExchangeOnce(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  const Endpoint endpoint = ParseServer(server_);
  const char* stage = "cannot reach the server at ";
  try {
    if (connection_ == nullptr) {
      connection_ = Connect(endpoint, options_, stage);
      ++connections_opened_;
    }
    HttpConnection& c = *connection_;
    c.tcp().expires_after(options_.timeout);
    bool reusable = false;
    HttpReply reply =
        c.plain ? cli::Exchange(*c.plain, endpoint.host, method, target, body, headers, reusable)
                : cli::Exchange(*c.tls, endpoint.host, method, target, body, headers, reusable);
    if (!reusable) connection_.reset();
    return reply;
  } catch (const std::exception& e) {
    connection_.reset();
    return Fail(ErrorCode::kUnavailable, stage + server_ + ": " + e.what());
  }
}

Result<HttpReply> HttpExchange(const std::string& server, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HttpCallOptions& options) {
  return HttpSession(server, options).Exchange(method, target, body, headers);
}

Error WithCliHint(const Error& error, const std::string& server, const std::string& ca_file) {
  std::string hint = " (is `vigil serve` running? set --server or VIGIL_SERVER)";
  if (error.message.starts_with("TLS")) {
    hint =
        " (is the server's CA given with --cacert or VIGIL_CACERT, and is the certificate "
        "for " +
        ParseServer(server).host + "? is the server speaking HTTPS?)";
  } else if (error.message.starts_with("cannot use")) {
    hint = " (" + ca_file + ")";
  }
  return Error{ErrorCode::kUnavailable, error.message + hint, error.field};
}

Result<HttpReply> HttpCall(const std::string& server, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& ca_file) {
  auto reply = HttpExchange(server, method, target, body, headers, HttpCallOptions{ca_file});
  if (reply) return reply;
  return std::unexpected(WithCliHint(reply.error(), server, ca_file));
}

}  // namespace vigil::cli
