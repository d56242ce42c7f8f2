// Request/response behaviour of the HTTP server: round trips, keep-alive, pipelining,
// asynchronous handlers, HTTP/1.0, HEAD, 100-continue, a handler that never answers.
#include "api/http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "api/http/test_client.h"

namespace vigil::http {
namespace {

using namespace http_test;
namespace beast_http = boost::beast::http;

// Echoes method, target and body, and says which connection carried the request.
void Echo(Request&& request, const RequestInfo& info, Responder responder) {
  responder.Send(TextResponse(std::string(request.method_string()) + " " +
                              std::string(request.target()) + " " + request.body() + " #" +
                              std::to_string(info.connection_id)));
}

TEST(HttpServerTest, RoundTrip) {
  std::mutex mu;
  RequestInfo seen;
  RunningServer running(TestOptions(),
                        [&](Request&& request, const RequestInfo& info, Responder responder) {
                          {
                            std::lock_guard lock(mu);
                            seen = info;
                          }
                          Echo(std::move(request), info, std::move(responder));
                        });
  ASSERT_NE(running.port, 0);
  TestClient client(running.port);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(RequestText("POST", "/detect", R"({"a":1})")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  std::lock_guard lock(mu);
  EXPECT_EQ(response->body(),
            std::string(R"(POST /detect {"a":1} #)") + std::to_string(seen.connection_id));
  EXPECT_EQ((*response)[beast_http::field::content_type], "text/plain");
  EXPECT_EQ((*response)[beast_http::field::content_length],
            std::to_string(response->body().size()));
  EXPECT_EQ(response->find(beast_http::field::server), response->end());
  EXPECT_EQ(response->find(beast_http::field::date), response->end());
  EXPECT_TRUE(response->keep_alive());
  EXPECT_EQ(seen.remote_address, "127.0.0.1");
  EXPECT_GT(seen.connection_id, 0u);
  EXPECT_EQ(running.server->active_connections(), 1u);
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer running(TestOptions(), Echo);
  TestClient client(running.port);
  std::string first_connection;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.Send(RequestText("GET", "/r" + std::to_string(i))));
    auto response = client.Read();
    ASSERT_TRUE(response) << "request " << i;
    const std::string& body = response->body();
    EXPECT_EQ(body.substr(0, body.find(' ', 4)), "GET /r" + std::to_string(i));
    const std::string connection = body.substr(body.find('#'));
    if (i == 0) first_connection = connection;
    EXPECT_EQ(connection, first_connection);
  }
}

// Answers from a worker thread, in the order the requests were handed over. Counts requests
// handed over and not yet answered.
class AsyncWorker {
 public:
  AsyncWorker() : thread_([this] { Run(); }) {}
  ~AsyncWorker() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    ready_.notify_all();
    thread_.join();
  }
  void Add(Request&& request, Responder responder) {
    const int now = ++outstanding;
    if (now > max_outstanding) max_outstanding = now;
    std::lock_guard lock(mu_);
    work_.emplace_back(std::move(request), std::move(responder));
    ready_.notify_all();
  }
  std::thread::id id() const { return thread_.get_id(); }

  std::atomic<int> outstanding{0};
  std::atomic<int> max_outstanding{0};

 private:
  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      ready_.wait(lock, [this] { return done_ || !work_.empty(); });
      if (work_.empty()) return;
      auto [request, responder] = std::move(work_.front());
      work_.pop_front();
      lock.unlock();
      --outstanding;
      responder.Send(TextResponse("async " + std::string(request.target())));
      lock.lock();
    }
  }
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::pair<Request, Responder>> work_;
  bool done_ = false;
  std::thread thread_;
};

TEST(HttpServerTest, AsyncHandlerAnswersFromAnotherThread) {
  AsyncWorker worker;
  std::atomic<bool> handler_on_worker{false};
  RunningServer running(TestOptions(),
                        [&](Request&& request, const RequestInfo&, Responder responder) {
                          handler_on_worker = std::this_thread::get_id() == worker.id();
                          worker.Add(std::move(request), std::move(responder));
                        });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/later")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "async /later");
  EXPECT_FALSE(handler_on_worker);
  // The connection stays usable.
  ASSERT_TRUE(client.Send(RequestText("GET", "/again")));
  response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "async /again");
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  AsyncWorker worker;
  RunningServer running(TestOptions(),
                        [&](Request&& request, const RequestInfo&, Responder responder) {
                          worker.Add(std::move(request), std::move(responder));
                        });
  TestClient client(running.port);
  std::string all;
  for (int i = 0; i < 5; ++i) all += RequestText("GET", "/p" + std::to_string(i));
  ASSERT_TRUE(client.Send(all));  // one write: the server sees them back to back
  for (int i = 0; i < 5; ++i) {
    auto response = client.Read();
    ASSERT_TRUE(response) << "response " << i;
    EXPECT_EQ(response->body(), "async /p" + std::to_string(i));
  }
  EXPECT_EQ(worker.max_outstanding.load(), 1);  // one request at a time per connection
}

TEST(HttpServerTest, ConnectionCloseIsHonoured) {
  RunningServer running(TestOptions(), Echo);
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/", {}, "Connection: close\r\n")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
}

TEST(HttpServerTest, ResponseWithConnectionCloseClosesTheConnection) {
  RunningServer running(TestOptions(), [](Request&&, const RequestInfo&, Responder responder) {
    Response response = TextResponse("bye");
    response.keep_alive(false);
    responder.Send(std::move(response));
  });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitClosed());
}

TEST(HttpServerTest, Http10ClosesUnlessKeepAlive) {
  RunningServer running(TestOptions(), Echo);
  {
    TestClient client(running.port);
    ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->version(), 10u);
    EXPECT_TRUE(client.WaitClosed());
  }
  TestClient client(running.port);
  ASSERT_TRUE(client.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_TRUE(response->keep_alive());
  ASSERT_TRUE(client.Send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body().substr(0, 6), "GET /b");
}

TEST(HttpServerTest, HeadGetsLengthWithoutBody) {
  RunningServer running(TestOptions(), [](Request&&, const RequestInfo&, Responder responder) {
    responder.Send(TextResponse("twelve bytes"));
  });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("HEAD", "/")));
  auto response = client.Read(/*head=*/true);
  ASSERT_TRUE(response);
  EXPECT_EQ((*response)[beast_http::field::content_length], "12");
  // The next response must parse cleanly: no stray body bytes were sent.
  ASSERT_TRUE(client.Send(RequestText("GET", "/")));
  response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "twelve bytes");
}

TEST(HttpServerTest, ExpectContinueGets100BeforeTheBody) {
  RunningServer running(TestOptions(), Echo);
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100);
  ASSERT_TRUE(client.Send("body"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body().substr(0, 12), "POST /x body");
}

TEST(HttpServerTest, HandlerThatNeverAnswersGets500) {
  RunningServer running(TestOptions(), [](Request&&, const RequestInfo&, Responder) {});
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/forgotten")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 500);
  EXPECT_EQ(response->body(),
            R"({"error":{"code":"Internal","message":"the request handler sent no response"}})");
}

TEST(HttpServerTest, HandlerThatThrowsGets500AndServerKeepsServing) {
  RunningServer running(TestOptions(),
                        [](Request&& request, const RequestInfo&, Responder responder) {
                          if (request.target() == "/throw") throw std::runtime_error("boom");
                          responder.Send(TextResponse("fine"));
                        });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/throw")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 500);
  ASSERT_TRUE(client.Send(RequestText("GET", "/ok")));
  response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "fine");
}

TEST(HttpServerTest, SecondSendIsIgnored) {
  RunningServer running(TestOptions(), [](Request&&, const RequestInfo&, Responder responder) {
    Responder copy = responder;
    responder.Send(TextResponse("first"));
    EXPECT_TRUE(copy.sent());
    copy.Send(TextResponse("second"));
  });
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/") + RequestText("GET", "/")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "first");
  response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "first");
}

TEST(HttpServerTest, StartFailsClearlyWhenThePortIsTaken) {
  RunningServer first(TestOptions(), Echo);
  ASSERT_NE(first.port, 0);
  ServerOptions options = TestOptions();
  options.port = first.port;
  Server second(options, Echo);
  auto started = second.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(started.error().message.find(std::to_string(first.port)), std::string::npos);
  EXPECT_NE(started.error().message.find("in use"), std::string::npos) << started.error().message;
}

TEST(HttpServerTest, StartRejectsBadAddressAndSecondStart) {
  ServerOptions options = TestOptions();
  options.address = "not-an-ip";
  Server bad(options, Echo);
  auto started = bad.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);

  Server twice(TestOptions(), Echo);
  ASSERT_TRUE(twice.Start());
  auto again = twice.Start();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace vigil::http
