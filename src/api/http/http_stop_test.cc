// Graceful stop of the HTTP server: in-flight requests are answered, idle connections and new
// connections are not, and Responders outliving the server are harmless.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>

#include "api/http/http_server.h"
#include "api/http/test_client.h"

namespace vigil::http {
namespace {

using namespace http_test;

// Keeps the Responders of the requests it gets, for the test to answer (or not) later.
class HeldResponders {
 public:
  Handler handler() {
    return [this](Request&&, const RequestInfo&, Responder responder) {
      std::lock_guard lock(mu_);
      held_.push_back(std::move(responder));
    };
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return held_.size();
  }
  Responder Take() {
    std::lock_guard lock(mu_);
    Responder responder = std::move(held_.front());
    held_.erase(held_.begin());
    return responder;
  }

 private:
  std::mutex mu_;
  std::vector<Responder> held_;
};

bool ConnectionRefused(uint16_t port) {
  TestClient client(port);
  return !client.connected();
}

TEST(HttpStopTest, GracefulStopWaitsForAnInFlightRequestAndRefusesNewConnections) {
  HeldResponders held;
  RunningServer running(TestOptions(), held.handler());
  TestClient busy(running.port);
  TestClient idle(running.port);
  ASSERT_TRUE(busy.Send(RequestText("POST", "/detect", "{}")));
  ASSERT_TRUE(WaitUntil([&] { return held.count() == 1; }));

  auto stopped = std::async(std::launch::async, [&] { running.server->Stop(); });
  // Stop began: the idle keep-alive connection is closed, new connections are refused...
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_TRUE(WaitUntil([&] { return ConnectionRefused(running.port); }));
  // ...and Stop is still waiting for the request in flight.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

  held.Take().Send(TextResponse("decided"));
  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "decided");
  EXPECT_FALSE(response->keep_alive());  // the server is stopping
  EXPECT_TRUE(busy.WaitClosed());
  EXPECT_EQ(stopped.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(running.server->active_connections(), 0u);
}

TEST(HttpStopTest, GraceRunsOutForAHandlerThatNeverAnswers) {
  HeldResponders held;
  ServerOptions options = TestOptions();
  options.shutdown_grace = std::chrono::milliseconds(200);
  RunningServer running(options, held.handler());
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/")));
  ASSERT_TRUE(WaitUntil([&] { return held.count() == 1; }));

  const auto start = std::chrono::steady_clock::now();
  running.server->Stop();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(150));
  EXPECT_LT(elapsed, kWait);
  EXPECT_TRUE(client.WaitClosed());

  // Answering after Stop, and after the server is gone, does nothing (and does not crash).
  Responder late = held.Take();
  Responder copy = late;
  late.Send(TextResponse("too late"));
  running.server.reset();
  copy.Send(TextResponse("later still"));
}

TEST(HttpStopTest, ResponderDroppedAfterTheServerIsGoneIsHarmless) {
  HeldResponders held;
  Responder kept;
  {
    ServerOptions options = TestOptions();
    options.shutdown_grace = std::chrono::milliseconds(100);
    RunningServer running(options, held.handler());
    TestClient client(running.port);
    ASSERT_TRUE(client.Send(RequestText("GET", "/")));
    ASSERT_TRUE(WaitUntil([&] { return held.count() == 1; }));
    kept = held.Take();
  }  // the destructor stops the server; the grace runs out for the held request
  EXPECT_FALSE(kept.sent());
  kept = Responder();  // the last copy tries to answer 500 into a server that no longer exists
}

TEST(HttpStopTest, StopIsIdempotentAndConcurrentCallsAllReturn) {
  RunningServer running(TestOptions(), [](Request&&, const RequestInfo&, Responder responder) {
    responder.Send(TextResponse("ok"));
  });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/")));
  ASSERT_TRUE(client.Read());
  auto a = std::async(std::launch::async, [&] { running.server->Stop(); });
  auto b = std::async(std::launch::async, [&] { running.server->Stop(); });
  EXPECT_EQ(a.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(b.wait_for(kWait), std::future_status::ready);
  running.server->Stop();
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_TRUE(ConnectionRefused(running.port));
  auto restarted = running.server->Start();
  ASSERT_FALSE(restarted);
  EXPECT_EQ(restarted.error().code, ErrorCode::kConflict);
}

TEST(HttpStopTest, StopWithoutStartAndDestroyWithoutStartAreFine) {
  Server never_started(TestOptions(), [](Request&&, const RequestInfo&, Responder) {});
  never_started.Stop();
  EXPECT_EQ(never_started.active_connections(), 0u);
}

}  // namespace
}  // namespace vigil::http
