// RunOpenLoop against a real HTTP server on 127.0.0.1 (a small one in this file, so that it can
// stall, refuse or fail on purpose).
#include "open_loop_run.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace vigil::loadgen {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A single-threaded keep-alive HTTP/1.1 server on an ephemeral port. Answers every request, in
// order per connection, with `status` and a small JSON body; sleeps `stall` before answering
// request number `stall_at` (1-based, over all connections); answers nothing when `silent`.
// Records each request's event id and arrival time.
class TestServer {
 public:
  struct Behaviour {
    int status = 200;
    uint64_t stall_at = 0;  // 0: never
    milliseconds stall{0};
    bool silent = false;
  };

  explicit TestServer(Behaviour behaviour) : behaviour_(behaviour) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 128) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    port_ = ntohs(address.sin_port);
    stop_ = ::eventfd(0, EFD_CLOEXEC);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TestServer() {
    const uint64_t one = 1;
    (void)!::write(stop_, &one, sizeof one);
    thread_.join();
    for (auto& [fd, buffer] : clients_) ::close(fd);
    ::close(listener_);
    ::close(stop_);
  }

  int port() const { return port_; }
  std::vector<std::string> ids() {
    std::lock_guard lock(mu_);
    return ids_;
  }
  std::vector<Clock::time_point> arrivals() {
    std::lock_guard lock(mu_);
    return arrivals_;
  }

 private:
  void Serve() {
    while (true) {
      std::vector<pollfd> fds = {{stop_, POLLIN, 0}, {listener_, POLLIN, 0}};
      for (auto& [fd, buffer] : clients_) fds.push_back({fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 1000) < 0) return;
      if (fds[0].revents) return;
      if (fds[1].revents & POLLIN) {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) clients_[fd];
      }
      for (size_t k = 2; k < fds.size(); ++k) {
        if (fds[k].revents) Handle(fds[k].fd);
      }
    }
  }

  void Handle(int fd) {
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      ::close(fd);
      clients_.erase(fd);
      return;
    }
    std::string& buffer = clients_[fd];
    buffer.append(chunk, static_cast<size_t>(n));
    while (true) {
      const size_t end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) return;
      const size_t at = buffer.find("Content-Length: ");
      const size_t length = std::stoul(buffer.substr(at + 16));
      if (buffer.size() < end + 4 + length) return;
      const std::string body = buffer.substr(end + 4, length);
      buffer.erase(0, end + 4 + length);
      const size_t id = body.find("\"event_id\":\"") + 12;
      {
        std::lock_guard lock(mu_);
        ids_.push_back(body.substr(id, body.find('"', id) - id));
        arrivals_.push_back(Clock::now());
      }
      ++requests_;
      if (requests_ == behaviour_.stall_at) std::this_thread::sleep_for(behaviour_.stall);
      if (behaviour_.silent) continue;
      const std::string answer =
          "HTTP/1.1 " + std::to_string(behaviour_.status) + " X\r\nContent-Length: 2\r\n\r\n{}";
      (void)!::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
  }

  const Behaviour behaviour_;
  int listener_ = -1;
  int stop_ = -1;
  int port_ = 0;
  std::map<int, std::string> clients_;  // server thread only
  uint64_t requests_ = 0;               // server thread only
  std::mutex mu_;
  std::vector<std::string> ids_;
  std::vector<Clock::time_point> arrivals_;
  std::thread thread_;
};

LoadOptions Options(int port, double rate, milliseconds duration, int connections) {
  LoadOptions o;
  o.port = port;
  o.rate = rate;
  o.duration = duration;
  o.connections = connections;
  o.prefix = "t";
  o.drain_timeout = std::chrono::seconds(5);
  return o;
}

TEST(OpenLoopRun, SendsEveryRequestOnScheduleWithAFreshId) {
  TestServer server({});
  LoadOptions options = Options(server.port(), 400, milliseconds(500), 8);
  options.threads = 2;
  auto totals = RunOpenLoop(options);
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_EQ(totals->scheduled, 200u);
  EXPECT_EQ(totals->responses, 200u);
  EXPECT_EQ(totals->errors, 0u) << totals->first_error;
  EXPECT_EQ(totals->non2xx, 0u);
  EXPECT_EQ(totals->latency.Count(), 200u);
  // Every event id once: t-1 .. t-200.
  const std::vector<std::string> ids = server.ids();
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), 200u);
  EXPECT_TRUE(unique.contains("t-1"));
  EXPECT_TRUE(unique.contains("t-200"));
  // Paced over the half second rather than sent in a burst: the last request arrives about
  // 497.5 ms after the first (never earlier than the schedule allows).
  const auto arrivals = server.arrivals();
  ASSERT_EQ(arrivals.size(), 200u);
  const auto first = *std::min_element(arrivals.begin(), arrivals.end());
  const auto last = *std::max_element(arrivals.begin(), arrivals.end());
  EXPECT_GE(last - first, milliseconds(450));
  const std::string line = ResultLine(options, *totals);
  EXPECT_TRUE(line.starts_with("RESULT target_rps=400 achieved_rps=")) << line;
  EXPECT_NE(line.find(" requests=200 errors=0 non2xx=0 p50_us="), std::string::npos) << line;
}

TEST(OpenLoopRun, AStallCountsAgainstEveryRequestDueDuringIt) {
  // One connection, 200 requests per second for a second; the server sleeps 300 ms before its
  // 50th answer. The generator keeps sending (pipelined) while the server sleeps, so the ~60
  // requests due during the stall wait 0..300 ms each, counted from their due times: about 20%
  // of all requests take over 100 ms. A closed-loop generator would show one slow request.
  TestServer server({.stall_at = 50, .stall = milliseconds(300)});
  auto totals = RunOpenLoop(Options(server.port(), 200, milliseconds(1000), 1));
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_EQ(totals->responses, 200u);
  EXPECT_EQ(totals->errors, 0u) << totals->first_error;
  EXPECT_GE(totals->latency.Max(), 290'000'000);
  EXPECT_GE(totals->latency.Percentile(85), 100'000'000);
  EXPECT_GE(totals->latency.Percentile(90), 150'000'000);
  // The sends themselves did not wait for the stall.
  EXPECT_LT(totals->lag.Percentile(90), 50'000'000);
}

TEST(OpenLoopRun, ErrorStatusesAreCountedAsNon2xx) {
  TestServer server({.status = 503});
  auto totals = RunOpenLoop(Options(server.port(), 200, milliseconds(200), 4));
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_EQ(totals->responses, 40u);
  EXPECT_EQ(totals->non2xx, 40u);
  EXPECT_EQ(totals->errors, 0u);
}

TEST(OpenLoopRun, UnansweredRequestsAreErrorsAfterTheDrain) {
  TestServer server({.silent = true});
  LoadOptions options = Options(server.port(), 100, milliseconds(200), 2);
  options.drain_timeout = milliseconds(200);
  const auto began = Clock::now();
  auto totals = RunOpenLoop(options);
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_LT(Clock::now() - began, std::chrono::seconds(5));
  EXPECT_EQ(totals->scheduled, 20u);
  EXPECT_EQ(totals->responses, 0u);
  EXPECT_EQ(totals->errors, 20u);
  EXPECT_NE(totals->first_error.find("drain"), std::string::npos) << totals->first_error;
  EXPECT_EQ(server.ids().size(), 20u);  // sent, just never answered
}

TEST(OpenLoopRun, AScheduleItCannotKeepIsReportedAsMissed) {
  // A million requests per second over one connection that may hold only one unsent request:
  // far more than can be sent, so most requests are late or never sent, and the result says so.
  TestServer server({});
  LoadOptions options = Options(server.port(), 1e6, milliseconds(100), 1);
  options.max_unsent_bytes = 1;
  options.drain_timeout = milliseconds(100);
  auto totals = RunOpenLoop(options);
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_EQ(totals->scheduled, 100'000u);
  EXPECT_EQ(totals->responses + totals->errors, totals->scheduled);
  EXPECT_GT(totals->late, 1000u);
  EXPECT_FALSE(totals->ScheduleKept());
  EXPECT_NE(ResultLine(options, *totals).find("schedule=missed"), std::string::npos);
  // Latency counts from the due time, so it holds the generator's own delay: the answered
  // requests were sent tens of milliseconds late, on a server that answers in microseconds.
  ASSERT_GT(totals->responses, 0u);
  EXPECT_GE(totals->latency.Percentile(50), 10'000'000) << ResultLine(options, *totals);
}

TEST(OpenLoopRun, NothingListeningIsAnError) {
  int port = 0;
  {
    TestServer gone({});
    port = gone.port();
  }  // closed: connecting to its port is refused
  auto totals = RunOpenLoop(Options(port, 100, milliseconds(100), 1));
  ASSERT_FALSE(totals);
  EXPECT_EQ(totals.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(totals.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
}

TEST(OpenLoopRun, BadOptionsNameTheOption) {
  struct Case {
    LoadOptions options;
    const char* field;
  };
  const LoadOptions good = Options(1, 100, milliseconds(100), 4);
  auto with = [&](auto change) {
    LoadOptions o = good;
    change(o);
    return o;
  };
  const Case cases[] = {
      {with([](LoadOptions& o) { o.port = 0; }), "port"},
      {with([](LoadOptions& o) { o.rate = -1; }), "rate"},
      {with([](LoadOptions& o) { o.duration = milliseconds(0); }), "duration"},
      {with([](LoadOptions& o) { o.duration = std::chrono::hours(25); }), "duration"},
      {with([](LoadOptions& o) { o.connections = 0; }), "connections"},
      {with([](LoadOptions& o) { o.threads = 5; }), "threads"},
      {with([](LoadOptions& o) { o.path = "detect"; }), "path"},
      {with([](LoadOptions& o) { o.prefix = "a\"b"; }), "prefix"},
  };
  for (const Case& c : cases) {
    auto totals = RunOpenLoop(c.options);
    ASSERT_FALSE(totals) << c.field;
    EXPECT_EQ(totals.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(totals.error().field, c.field) << totals.error().message;
  }
}

}  // namespace
}  // namespace vigil::loadgen
