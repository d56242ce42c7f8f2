// The HTTP server's limits: body and header sizes, malformed input, slow and idle clients, and
// the connection cap.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "api/http/http_server.h"
#include "api/http/test_client.h"

namespace vigil::http {
namespace {

using namespace http_test;
namespace beast_http = boost::beast::http;

// Counts handler calls and answers "ok".
struct CountingHandler {
  std::atomic<int> calls{0};
  Handler handler() {
    return [this](Request&&, const RequestInfo&, Responder responder) {
      ++calls;
      responder.Send(TextResponse("ok"));
    };
  }
};

TEST(HttpLimitsTest, OversizeContentLengthGets413WithoutReadingOrCallingTheHandler) {
  CountingHandler counting;
  RunningServer running(TestOptions(), counting.handler());
  TestClient client(running.port);
  // Only the headers are sent: the server must answer from Content-Length alone.
  ASSERT_TRUE(client.Send("POST /detect HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_EQ(
      response->body(),
      R"({"error":{"code":"PayloadTooLarge","message":"request body exceeds 262144 bytes"}})");
  EXPECT_EQ((*response)[beast_http::field::content_type], "application/json");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, BodyAtTheLimitIsAccepted) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  RunningServer running(options, counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("POST", "/", std::string(100, 'x'))));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(counting.calls.load(), 1);
}

TEST(HttpLimitsTest, ChunkedBodyGrowingPastTheLimitGets413) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  RunningServer running(options, counting.handler());
  TestClient client(running.port);
  const std::string chunk(80, 'x');
  ASSERT_TRUE(
      client.Send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "50\r\n" +
                  chunk + "\r\n50\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_NE(response->body().find("request body exceeds 100 bytes"), std::string::npos);
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, OversizeHeadersGet431) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.header_limit = 1024;
  RunningServer running(options, counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(
      client.Send(RequestText("GET", "/", {}, "X-Big: " + std::string(2000, 'a') + "\r\n")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, GarbageGets400AndClose) {
  CountingHandler counting;
  RunningServer running(TestOptions(), counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send("THIS IS NOT HTTP\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400);
  EXPECT_NE(response->body().find(R"("code":"InvalidArgument")"), std::string::npos);
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, BadContentLengthGets400) {
  CountingHandler counting;
  RunningServer running(TestOptions(), counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -3\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400);
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, HeaderTimeoutCutsOffASlowlorisWhileOthersAreServed) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.header_timeout = std::chrono::milliseconds(300);
  RunningServer running(options, counting.handler());

  TestClient slow(running.port);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.Send("GET / HTTP/1.1\r\nHost: t\r\n"));
  bool served_other = false;
  bool closed = false;
  // One header byte every 20 ms: each byte arrives well within any per-read timeout, so only a
  // deadline for the whole header stops it. The 20 ms poll is the dribble's pace, not a wait.
  while (std::chrono::steady_clock::now() - start < kWait) {
    if (!slow.Send("X")) {
      closed = true;
      break;
    }
    if (!served_other) {
      TestClient normal(running.port);
      ASSERT_TRUE(normal.Send(RequestText("GET", "/")));
      auto response = normal.Read();
      ASSERT_TRUE(response);
      EXPECT_EQ(response->result_int(), 200);
      served_other = true;
    }
    if (slow.WaitClosed(std::chrono::milliseconds(20))) {
      closed = true;
      break;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_TRUE(served_other);
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_EQ(counting.calls.load(), 1);  // only the normal client's request
}

TEST(HttpLimitsTest, ConnectionThatSendsNothingIsClosedByTheHeaderTimeout) {
  ServerOptions options = TestOptions();
  options.header_timeout = std::chrono::milliseconds(200);
  CountingHandler counting;
  RunningServer running(options, counting.handler());
  TestClient silent(running.port);
  EXPECT_TRUE(silent.WaitClosed());
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
}

TEST(HttpLimitsTest, BodyTimeoutCutsOffAStalledBody) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.body_timeout = std::chrono::milliseconds(200);
  RunningServer running(options, counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST(HttpLimitsTest, IdleKeepAliveConnectionIsClosed) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.idle_timeout = std::chrono::milliseconds(200);
  RunningServer running(options, counting.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/")));
  ASSERT_TRUE(client.Read());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
}

TEST(HttpLimitsTest, ConnectionCapClosesConnectionsBeyondIt) {
  CountingHandler counting;
  ServerOptions options = TestOptions();
  options.max_connections = 2;
  RunningServer running(options, counting.handler());
  TestClient first(running.port);
  TestClient second(running.port);
  for (TestClient* client : {&first, &second}) {
    ASSERT_TRUE(client->Send(RequestText("GET", "/")));
    ASSERT_TRUE(client->Read());
  }
  EXPECT_EQ(running.server->active_connections(), 2u);

  // The kernel completes the handshake; the server then closes the connection at once.
  TestClient third(running.port);
  third.Send(RequestText("GET", "/"));  // may fail if the close came first
  EXPECT_FALSE(third.Read());
  EXPECT_TRUE(third.WaitClosed());

  for (TestClient* client : {&first, &second}) {
    ASSERT_TRUE(client->Send(RequestText("GET", "/")));
    auto response = client->Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
  }
  EXPECT_EQ(counting.calls.load(), 4);

  // A slot freed is a slot available.
  first.Close();
  ASSERT_TRUE(WaitUntil([&] { return running.server->active_connections() == 1; }));
  TestClient fourth(running.port);
  ASSERT_TRUE(fourth.Send(RequestText("GET", "/")));
  auto response = fourth.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

}  // namespace
}  // namespace vigil::http
