#include "cli/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>

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
template <class Stream>
HttpReply Exchange(Stream& stream, const std::string& host, const std::string& method,
                   const std::string& target, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers) {
  beast::http::request<beast::http::string_body> request{beast::http::string_to_verb(method),
                                                         target, 11};
  request.set(beast::http::field::host, host);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(64 << 20);
  beast::http::read(stream, buffer, parser);
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return HttpReply{parser.get().result_int(), std::move(parser.get().body())};
}

}  // namespace

Result<HttpReply> HttpExchange(const std::string& server, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HttpCallOptions& options) {
  const Endpoint endpoint = ParseServer(server);
  const char* stage = "cannot reach the server at ";
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto resolved = resolver.resolve(endpoint.host, endpoint.port);
    if (!endpoint.https) {
      beast::tcp_stream stream(io);
      stream.expires_after(options.timeout);
      stream.connect(resolved);
      return Exchange(stream, endpoint.host, method, target, body, headers);
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_verify_mode(ssl::verify_peer);
    stage = "cannot use the CA file for ";
    if (options.ca_file.empty()) {
      tls.set_default_verify_paths();
    } else {
      tls.load_verify_file(options.ca_file);
    }
    stage = "cannot reach the server at ";
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
    // Server Name Indication, for servers behind a proxy that routes by name.
    boost::system::error_code not_ip;
    asio::ip::make_address(endpoint.host, not_ip);
    if (not_ip) SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
    beast::get_lowest_layer(stream).expires_after(options.timeout);
    beast::get_lowest_layer(stream).connect(resolved);
    stage = "TLS handshake failed with ";
    stream.handshake(ssl::stream_base::client);
    stage = "cannot reach the server at ";
    return Exchange(stream, endpoint.host, method, target, body, headers);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, stage + server + ": " + e.what());
  }
}

Result<HttpReply> HttpCall(const std::string& server, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& ca_file) {
  auto reply = HttpExchange(server, method, target, body, headers, HttpCallOptions{ca_file});
  if (reply) return reply;
  const std::string& message = reply.error().message;
  std::string hint = " (is `vigil serve` running? set --server or VIGIL_SERVER)";
  if (message.starts_with("TLS")) {
    hint =
        " (is the server's CA given with --cacert or VIGIL_CACERT, and is the certificate "
        "for " +
        ParseServer(server).host + "? is the server speaking HTTPS?)";
  } else if (message.starts_with("cannot use")) {
    hint = " (" + ca_file + ")";
  }
  return Fail(ErrorCode::kUnavailable, message + hint);
}

}  // namespace vigil::cli
