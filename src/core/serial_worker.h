// SerialWorker: one thread of its own that runs posted tasks one at a time, in the order posted.
// For work that may take long and must not hold the thread that received it, such as a catalog
// edit that fills a new aggregate from millions of stored events while the HTTP event loop that
// took the request goes on serving its other connections.
//
//   SerialWorker worker("vigil-admin");
//   worker.Post([call] { ...; call->Finish(response); });
//
// The destructor runs every task already posted, then joins the thread. A task must not throw
// (an escaping exception ends the process, as on any thread) and must not destroy its worker.
// Thread-safety: Post may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace vigil {

class SerialWorker {
 public:
  // `thread_name`: as NameThisThread (core/thread_name.h) shows it.
  explicit SerialWorker(std::string thread_name);
  ~SerialWorker();
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  void Post(std::function<void()> task);

  // Tasks posted and not finished yet, the running one included (for metrics and tests).
  size_t pending() const;

 private:
  void Run();

  const std::string thread_name_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace vigil
