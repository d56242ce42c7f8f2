#include "api/http/event_loop.h"

#include <boost/asio/post.hpp>
#include <exception>

#include "api/http/connection.h"
#include "core/log.h"
#include "core/thread_name.h"

namespace vigil::http::detail {

namespace net = boost::asio;

EventLoop::EventLoop(std::chrono::milliseconds sweep_interval, std::string name)
    : io_(1),  // one thread runs it: Asio skips the locking a shared scheduler needs
      sweep_interval_(sweep_interval),
      name_(std::move(name)),
      sweep_timer_(io_) {}

EventLoop::~EventLoop() { Stop(); }

void EventLoop::Start() {
  work_.emplace(io_.get_executor());
  ScheduleSweep();
  thread_ = std::thread([this] { Run(); });
}

void EventLoop::Stop() {
  work_.reset();
  io_.stop();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(deliveries_mu_);
  deliveries_.clear();
}

void EventLoop::Run() {
  NameThisThread(name_);
  // A handler that throws unwinds out of run(); log it and keep serving.
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      log::Error("http event loop error", {{"error", e.what()}});
    } catch (...) {
      log::Error("http event loop error", {{"error", "unknown exception"}});
    }
  }
}

void EventLoop::Deliver(std::move_only_function<void()> work) {
  bool post = false;
  {
    std::lock_guard lock(deliveries_mu_);
    deliveries_.push_back(std::move(work));
    post = !drain_posted_;
    drain_posted_ = true;
  }
  if (post) net::post(io_, [this] { DrainDeliveries(); });
}

void EventLoop::DrainDeliveries() {
  std::vector<std::move_only_function<void()>> batch;
  {
    std::lock_guard lock(deliveries_mu_);
    batch.swap(deliveries_);
    drain_posted_ = false;
  }
  for (auto& work : batch) work();
}

void EventLoop::ScheduleSweep() {
  sweep_timer_.expires_after(sweep_interval_);
  sweep_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // the loop is stopping
    Sweep();
    ScheduleSweep();
  });
}

void EventLoop::Sweep() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<Connection*> expired;
  for (Connection* connection : connections_) {
    if (connection->deadline() <= now) expired.push_back(connection);
  }
  // Closing removes a connection from connections_, so not while iterating it.
  for (Connection* connection : expired) connection->OnDeadline();
}

}  // namespace vigil::http::detail
