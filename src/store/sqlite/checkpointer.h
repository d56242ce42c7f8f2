// Copies the WAL back into the database file (a WAL checkpoint) on a thread of its own, so that
// the writer never stops committing for it. SQLite's automatic checkpoint would run inside the
// writer's COMMIT: before the batch's callbacks fire, with an fsync of the database file.
//
// A PASSIVE checkpoint never blocks the writer or readers; what it cannot copy yet (frames a
// reader still needs) a later one will. A failed checkpoint costs only a longer WAL, which is
// still durable, so failures are counted, not reported.
//
// Thread-safety: Request, failures and Stop may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.h"

namespace vigil::store::sqlite {

class Checkpointer {
 public:
  // Takes a read-write connection of its own (configured like the writer's: synchronous) and
  // starts the thread.
  explicit Checkpointer(std::unique_ptr<Connection> connection);
  ~Checkpointer();  // Stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Asks for a checkpoint soon; requests made while one runs are merged into the next.
  void Request();

  int64_t failures() const { return failures_.load(std::memory_order_relaxed); }

  // Finishes a running checkpoint, stops the thread and closes the connection. Idempotent.
  void Stop();

 private:
  void Loop();

  std::unique_ptr<Connection> connection_;  // used by the thread only, then by Stop
  std::atomic<int64_t> failures_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::mutex stop_mu_;
  std::thread thread_;
};

}  // namespace vigil::store::sqlite
