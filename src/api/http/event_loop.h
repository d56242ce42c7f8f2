// EventLoop: one I/O thread with its own io_context, and the connections that live on it. A
// connection belongs to one loop for its whole life, so everything it does runs on one thread:
// no strands, no locks on the request path, and the scheduler runs in its single-threaded mode.
//
// Two jobs besides running handlers:
// - Timeouts. Connections keep a deadline (a time point they move as they go from reading to
//   handling to writing); a timer sweeps the loop's connections every `sweep_interval` and closes
//   those past it. Moving a deadline costs a clock read, where a timer per operation would cost
//   timer-queue work on every read and write.
// - Deliveries from other threads (answers computed elsewhere, e.g. after a store commit) are
//   queued and run in one batch per wake-up, so a burst of answers wakes the loop once.
//
// Thread-safety: Deliver may be called from any thread; Add, Remove and the sweep run on the
// loop's thread. Start and Stop are called by the Server, once each.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace vigil::http::detail {

class Connection;

class EventLoop {
 public:
  // `name` names the thread (core/thread_name.h).
  EventLoop(std::chrono::milliseconds sweep_interval, std::string name);
  ~EventLoop();  // Stop()
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& io() { return io_; }
  bool running_in_this_thread() { return io_.get_executor().running_in_this_thread(); }

  // Starts the thread (throws std::system_error when it cannot be created).
  void Start();
  // Stops the loop and joins its thread; queued work is dropped. Idempotent.
  void Stop();

  // Runs `work` on the loop's thread. Calls made before the loop gets to them run together.
  void Deliver(std::move_only_function<void()> work);

  // Loop thread only: the connections the sweep watches.
  void Add(Connection* connection) { connections_.insert(connection); }
  void Remove(Connection* connection) { connections_.erase(connection); }

 private:
  void Run();
  void ScheduleSweep();
  void Sweep();
  void DrainDeliveries();

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  const std::chrono::milliseconds sweep_interval_;
  const std::string name_;
  boost::asio::steady_timer sweep_timer_;
  std::unordered_set<Connection*> connections_;  // loop thread only

  std::mutex deliveries_mu_;
  std::vector<std::move_only_function<void()>> deliveries_;  // guarded by deliveries_mu_
  bool drain_posted_ = false;                                // guarded by deliveries_mu_

  std::thread thread_;
};

}  // namespace vigil::http::detail
