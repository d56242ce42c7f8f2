// WalSyncer: makes committed batches durable on its own thread, so that the writer can insert and
// commit the next batch while the disk confirms the last one (pipelined group commit).
//
// The writer connection runs with synchronous=NORMAL: COMMIT writes the batch's frames to the WAL
// file and returns without waiting for the disk. The writer then hands the batch's completion to
// Submit; the syncer calls fdatasync on the WAL file and only then runs the completions of every
// batch that had committed before the call began. So nothing is acknowledged before it is on
// disk, as with synchronous=FULL, but one fsync covers all the batches committed while the
// previous one ran, and the writer never waits for it.
//
// Why this is as safe as FULL: fdatasync applies to the file, not to the descriptor it is called
// on, and covers every write made before it (frames and the WAL header alike). After a power cut
// SQLite replays the WAL up to the last frame whose checksum chain is intact, so a batch that was
// synced survives, and one that was not may vanish whole — but it was never acknowledged.
// Checkpoints keep their own ordering (with NORMAL, SQLite syncs the WAL before copying it into
// the database and syncs the database after).
//
// Thread-safety: Submit may be called from any thread; completions run on the syncer's thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace vigil::store::sqlite {

class WalSyncer {
 public:
  // Receives Ok once the batch is durable, or kUnavailable when fdatasync failed.
  using Completion = std::move_only_function<void(Status durable)>;

  // Opens the WAL file (it must exist: the writer has written to it) and starts the thread.
  static Result<std::unique_ptr<WalSyncer>> Open(const std::string& wal_path);
  ~WalSyncer();  // Stop()
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  // Queues the completion of a batch whose COMMIT has returned.
  void Submit(Completion completion);
  // Waits until the thread has taken every submitted completion into an fdatasync. The writer
  // calls it before its next batch: committing again while a commit already waits for the next
  // sync would not make anything durable sooner, and smaller batches write more WAL pages per
  // record. So each sync covers what arrived during the previous one, and its CPU work overlaps
  // that sync.
  void WaitUntilTaken();
  // Syncs and completes everything submitted, then joins the thread. Idempotent.
  void Stop();
  // True on the syncer's thread (inside completions).
  bool OnThread() const { return std::this_thread::get_id() == thread_id_.load(); }

 private:
  WalSyncer(int fd, std::string path);
  void Loop();
  Status Sync();

  const int fd_;
  const std::string path_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable taken_;
  std::vector<Completion> pending_;  // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  std::mutex stop_mu_;               // serialises Stop
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_;
};

}  // namespace vigil::store::sqlite
