#include "cli/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace vigil::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;

Result<HttpReply> HttpCall(const std::string& server, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string hostport = server;
  if (hostport.starts_with("http://")) hostport = hostport.substr(7);
  while (!hostport.empty() && hostport.back() == '/') hostport.pop_back();
  const size_t colon = hostport.rfind(':');
  const std::string host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  const std::string port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(resolver.resolve(host, port));
    beast::http::request<beast::http::string_body> request{
        beast::http::string_to_verb(method), target, 11};
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
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return HttpReply{parser.get().result_int(), std::move(parser.get().body())};
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable,
                "cannot reach the server at " + server + ": " + e.what() +
                    " (is `vigil serve` running? set --server or VIGIL_SERVER)");
  }
}

}  // namespace vigil::cli
