#include "worker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "detect_request.h"

namespace vigil::loadgen {
namespace {

constexpr int64_t kReopenDelayNanos = 100'000'000;  // after a failed connect
constexpr int kMaxEvents = 64;

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

Worker::Worker(const LoadOptions& options, const Schedule& schedule, int index, int workers,
               int connections, std::chrono::steady_clock::time_point start)
    : options_(options),
      schedule_(schedule),
      index_(index),
      workers_(workers),
      start_(start),
      connections_(static_cast<size_t>(connections)) {
  const uint64_t count = schedule.Count();
  const auto k = static_cast<uint64_t>(index);
  const auto n = static_cast<uint64_t>(workers);
  totals_.scheduled = k < count ? (count - k + n - 1) / n : 0;
}

Worker::~Worker() {
  for (Connection& c : connections_) {
    if (c.fd >= 0) ::close(c.fd);
  }
  if (epoll_ >= 0) ::close(epoll_);
}

int64_t Worker::Now() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              start_)
      .count();
}

void Worker::CountError(uint64_t n, const std::string& why) {
  if (n == 0) return;
  totals_.errors += n;
  if (totals_.first_error.empty()) totals_.first_error = why;
}

void Worker::Watch(Connection& c, uint32_t events) {
  if (events == c.events) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = &c;
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  c.events = events;
}

void Worker::Open(Connection& c, int64_t now) {
  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c.fd < 0) {
    c.reopen_at = now + kReopenDelayNanos;
    if (totals_.first_error.empty()) totals_.first_error = Errno("socket");
    return;
  }
  const int one = 1;
  ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(options_.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  if (rc != 0 && errno != EINPROGRESS) {
    const std::string why = Errno("connect to 127.0.0.1");
    ::close(c.fd);
    c.fd = -1;
    c.reopen_at = now + kReopenDelayNanos;
    if (totals_.first_error.empty()) totals_.first_error = why;
    return;
  }
  c.connected = rc == 0;
  epoll_event ev{};
  ev.events = c.connected ? EPOLLIN : (EPOLLIN | EPOLLOUT);
  ev.data.ptr = &c;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
  c.events = ev.events;
}

void Worker::Close(Connection& c, int64_t now, const std::string& why, bool failed_to_open) {
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  c.fd = -1;
  c.connected = false;
  c.events = 0;
  CountError(c.due.size(), why);
  outstanding_ -= c.due.size();
  c.due.clear();
  c.out.clear();
  c.out_sent = 0;
  c.parser = ResponseParser();
  c.reopen_at = failed_to_open ? now + kReopenDelayNanos : now;
}

void Worker::OnConnected(Connection& c, int64_t now) {
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) {
    return Close(c, now, std::string("connect to 127.0.0.1: ") + std::strerror(error), true);
  }
  c.connected = true;
  Flush(c, now);
}

Worker::Connection* Worker::Pick() {
  // An idle connection first, taking turns; else the one with the fewest outstanding requests.
  Connection* fewest = nullptr;
  const size_t n = connections_.size();
  for (size_t k = 0; k < n; ++k) {
    Connection& c = connections_[(cursor_ + k) % n];
    if (c.fd < 0 || c.out.size() - c.out_sent >= options_.max_unsent_bytes) continue;
    if (c.due.empty()) {
      cursor_ = (cursor_ + k + 1) % n;
      return &c;
    }
    if (fewest == nullptr || c.due.size() < fewest->due.size()) fewest = &c;
  }
  return fewest;
}

void Worker::Send(uint64_t i, Connection& c, int64_t now) {
  const int64_t due = schedule_.DueNanos(i);
  c.out += PostRequest(options_.path, options_.port, DetectBody(options_.prefix, i + 1));
  c.due.push_back(due);
  ++outstanding_;
  totals_.lag.Record(now - due);
  if (now - due > options_.late_threshold.count()) ++totals_.late;
}

void Worker::Flush(Connection& c, int64_t now) {
  if (!c.connected) return;
  while (c.out_sent < c.out.size()) {
    const ssize_t n =
        ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return Close(c, now, Errno("send"), false);
    }
    c.out_sent += static_cast<size_t>(n);
  }
  if (c.out_sent == c.out.size()) {
    c.out.clear();
    c.out_sent = 0;
    Watch(c, EPOLLIN);
  } else {
    Watch(c, EPOLLIN | EPOLLOUT);  // the socket's buffer is full: the server is not reading
  }
}

void Worker::Read(Connection& c) {
  char buffer[64 * 1024];
  while (c.fd >= 0) {
    const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
    const int64_t now = Now();
    if (n == 0) return Close(c, now, "the server closed the connection", false);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      return Close(c, now, Errno("recv"), false);
    }
    responses_.clear();
    const Status parsed =
        c.parser.Feed(std::string_view(buffer, static_cast<size_t>(n)), responses_);
    bool close = false;
    for (const Response& r : responses_) {
      if (c.due.empty()) {
        return Close(c, now, "an answer to no request", false);
      }
      totals_.latency.Record(now - c.due.front());
      c.due.pop_front();
      --outstanding_;
      ++totals_.responses;
      if (r.status < 200 || r.status > 299) ++totals_.non2xx;
      totals_.last_response_nanos = std::max(totals_.last_response_nanos, now);
      close = close || r.close;
    }
    if (!parsed) return Close(c, now, "bad answer: " + parsed.error().message, false);
    if (close) return Close(c, now, "the server closed the connection after an answer", false);
    if (static_cast<size_t>(n) < sizeof buffer) return;
  }
}

Status Worker::Run() {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) return Fail(ErrorCode::kInternal, Errno("epoll_create1"));
  for (Connection& c : connections_) Open(c, Now());

  const uint64_t count = schedule_.Count();
  const auto step = static_cast<uint64_t>(workers_);
  uint64_t next = static_cast<uint64_t>(index_);  // the next request of this share to send
  const int64_t drain_end = schedule_.DurationNanos() + options_.drain_timeout.count();
  std::vector<Connection*> dirty;
  epoll_event events[kMaxEvents];
  while (true) {
    int64_t now = Now();
    int64_t wake = drain_end;
    bool blocked = false;  // due requests wait for a connection that can take them
    for (Connection& c : connections_) {
      if (c.fd < 0 && c.reopen_at <= now && next < count) Open(c, now);
      if (c.fd < 0) wake = std::min(wake, c.reopen_at);
    }
    const uint64_t due = schedule_.DueBy(now);
    while (next < due) {
      Connection* c = Pick();
      if (c == nullptr) {
        blocked = true;
        break;
      }
      Send(next, *c, now);
      if (std::find(dirty.begin(), dirty.end(), c) == dirty.end()) dirty.push_back(c);
      next += step;
    }
    for (Connection* c : dirty) Flush(*c, now);
    dirty.clear();
    if (next >= count && outstanding_ == 0) break;
    if (now >= drain_end) {
      for (Connection& c : connections_) {
        if (c.fd >= 0) Close(c, now, "no answer within the drain timeout", false);
      }
      break;
    }
    if (blocked) {
      // Every connection is full or closed: a socket draining (EPOLLOUT) or a reopen wakes the
      // loop, and it looks again within a millisecond anyway.
      wake = std::min(wake, now + 1'000'000);
    } else if (next < count) {
      wake = std::min(wake, schedule_.DueNanos(next));
    }
    const int64_t wait = std::max<int64_t>(0, wake - now);
    const timespec timeout{static_cast<time_t>(wait / 1'000'000'000),
                           static_cast<long>(wait % 1'000'000'000)};
    const int n = ::epoll_pwait2(epoll_, events, kMaxEvents, &timeout, nullptr);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorCode::kInternal, Errno("epoll_pwait2"));
    }
    for (int e = 0; e < n; ++e) {
      auto& c = *static_cast<Connection*>(events[e].data.ptr);
      if (c.fd < 0) continue;  // closed by an earlier event of this round
      now = Now();
      if (!c.connected) {
        if (events[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) OnConnected(c, now);
        continue;
      }
      if (events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) Read(c);
      if (c.fd >= 0 && (events[e].events & EPOLLOUT)) Flush(c, now);
    }
  }
  // Requests never sent (the drain ended while every connection was full or closed).
  if (next < count) {
    const uint64_t unsent = (count - next + step - 1) / step;
    totals_.late += unsent;
    CountError(unsent, "never sent: no connection could take it");
  }
  return {};
}

}  // namespace vigil::loadgen
