// SendGate: lets Responders (on any thread, possibly outliving the Server) hand a response to a
// connection only while the server's event loop still exists. The server closes the gate before
// it destroys the io_context; Close() waits for passes in progress, so after it returns no thread
// is posting work into the loop. Passing is lock-free: two sequentially consistent atomics (the
// Dekker pattern) make "Enter saw open" and "Close saw no pass" mutually exclusive.
// Shared (shared_ptr) by the server and every Responder. Thread-safe.
#pragma once

#include <atomic>
#include <thread>

namespace vigil::http::detail {

class SendGate {
 public:
  // True when the caller may proceed; it must then call Leave() when done.
  bool Enter() {
    passing_.fetch_add(1);
    if (closed_.load()) {
      Leave();
      return false;
    }
    return true;
  }
  void Leave() { passing_.fetch_sub(1); }

  // Idempotent. Passes are short (a weak_ptr lock and a post), so a yield loop is enough.
  void Close() {
    closed_.store(true);
    while (passing_.load() != 0) std::this_thread::yield();
  }

 private:
  std::atomic<int> passing_{0};
  std::atomic<bool> closed_{false};
};

}  // namespace vigil::http::detail
