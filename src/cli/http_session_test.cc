// HttpSession (cli/http_client.h) against a real loopback HTTP server: one connection for many
// exchanges, a new one when the server ends it, openly or silently, and errors that say where.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <thread>

#include "cli/http_client.h"

namespace vigil::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// How the server ends a connection after `per_connection` replies: with "Connection: close" on
// the last one, or by closing the socket after a reply that said keep-alive.
enum class Ending { kSaysClose, kClosesSilently };

// Answers every request with its target as the body, one connection at a time, on a thread of
// its own; counts the connections it accepted.
class LoopbackServer {
 public:
  LoopbackServer(int per_connection, Ending ending)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}),
        port_(acceptor_.local_endpoint().port()),
        per_connection_(per_connection),
        ending_(ending),
        thread_([this] { Run(); }) {}
  ~LoopbackServer() {
    stopping_ = true;
    asio::ip::tcp::socket wake(io_);  // unblocks accept()
    beast::error_code ignored;
    wake.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }

 private:
  void Run() {
    while (true) {
      asio::ip::tcp::socket socket(io_);
      beast::error_code error;
      acceptor_.accept(socket, error);
      if (stopping_ || error) return;
      ++connections_;
      beast::flat_buffer buffer;
      for (int i = 0; i < per_connection_; ++i) {
        http::request<http::string_body> request;
        http::read(socket, buffer, request, error);
        if (error) break;  // the client closed it
        http::response<http::string_body> response{http::status::ok, 11};
        response.body() = std::string(request.target());
        const bool last = i + 1 == per_connection_;
        response.keep_alive(!(last && ending_ == Ending::kSaysClose));
        response.prepare_payload();
        http::write(socket, response, error);
        if (error) break;
      }
      socket.shutdown(asio::ip::tcp::socket::shutdown_both, error);
    }
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  const unsigned short port_;
  const int per_connection_;
  const Ending ending_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

void ExpectExchanges(HttpSession& session, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string target = "/call/" + std::to_string(i);
    auto reply = session.Exchange("POST", target, "{}", {{"content-type", "application/json"}});
    ASSERT_TRUE(reply) << i << ": " << reply.error().message;
    EXPECT_EQ(reply->status, 200u);
    EXPECT_EQ(reply->body, target);
  }
}

TEST(HttpSession, KeepsOneConnectionForEveryExchange) {
  LoopbackServer server(1000, Ending::kSaysClose);
  HttpSession session(server.url(), {});
  ExpectExchanges(session, 5);
  EXPECT_EQ(session.connections_opened(), 1);
  EXPECT_EQ(server.connections(), 1);
}

TEST(HttpSession, OpensANewConnectionWhenTheServerSaysItCloses) {
  LoopbackServer server(2, Ending::kSaysClose);
  HttpSession session(server.url(), {});
  ExpectExchanges(session, 5);
  EXPECT_EQ(session.connections_opened(), 3);  // 2 + 2 + 1
  EXPECT_EQ(server.connections(), 3);
}

TEST(HttpSession, SendsAgainOnANewConnectionWhenTheServerClosedItSilently) {
  LoopbackServer server(1, Ending::kClosesSilently);
  HttpSession session(server.url(), {});
  ExpectExchanges(session, 3);
  EXPECT_EQ(server.connections(), 3);
}

TEST(HttpSession, AnUnreachableServerIsAnErrorNamingIt) {
  std::string url;
  {
    LoopbackServer gone(1, Ending::kSaysClose);
    url = gone.url();
  }  // nothing listens there any more
  HttpSession session(url, {});
  auto reply = session.Exchange("GET", "/", "", {});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(reply.error().message.rfind("cannot reach the server at " + url + ": ", 0), 0u)
      << reply.error().message;
}

}  // namespace
}  // namespace vigil::cli
