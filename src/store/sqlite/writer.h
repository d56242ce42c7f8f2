// The single writer of a SQLite store. One thread owns the read-write connection, drains a queue
// of writes and commits them in batches: whatever is queued, up to max_batch writes, goes into one
// transaction (group commit). With a WalSyncer (Durability::kSync) the batch's callbacks fire on
// the syncer's thread once its fdatasync covers the commit, while this thread commits the next
// batch; without one (kNone) they fire here right after COMMIT. Decision records
// are chained (store/hash_chain.h) as they are inserted; the chain head lives here, in memory,
// and advances only when its batch has committed.
//
// A failed commit (disk full, read-only, I/O error) rolls the whole batch back: each of its
// writes fails with kUnavailable, the chain head stays, Healthy() turns false until a later batch
// that wrote something commits (a batch of repeated event ids writes nothing and proves
// nothing). The writer keeps going; the next batch tries again, and while no write comes it
// probes the disk every kProbeInterval, so that the store turns healthy again by itself once the
// disk has room and takes writes (a load balancer that watches readiness sends no writes to an
// unhealthy server). Each change of health is logged once, with the database path, the error
// and what the file system says (store/sqlite/disk_check.h).
//
// Thread-safety: Append, Run, CommittedHead, Healthy and Stop may be called from any thread.
// Callbacks run on the writer or the syncer thread, so Run (which waits for both) fails there.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <mutex>
#include <thread>
#include <variant>

#include "core/result.h"
#include "store/hash_chain.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/wal_syncer.h"
#include "store/store.h"

namespace vigil::store::sqlite {

class Writer {
 public:
  // Takes the read-write connection (schema migrated, no transaction open) and the chain head
  // read from it; starts the thread. Uses max_batch, max_pending and on_commit of `options`.
  // Asks `checkpointer` (not owned; must outlive the writer's thread) for a checkpoint whenever
  // the WAL has grown past a few megabytes. `syncer` (may be null: no fsync at all) makes
  // batches durable; the connection must then run with synchronous=NORMAL.
  Writer(std::unique_ptr<Connection> connection, ChainHead head, const StoreOptions& options,
         Checkpointer* checkpointer, std::unique_ptr<WalSyncer> syncer);
  // Stops the writer (see Stop) and closes the connection.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a record. Precondition: CheckChainable(record) passed. `done` fires once: on the
  // writer thread after the batch, or inline here with kUnavailable when stopping or
  // kResourceExhausted when max_pending writes are queued.
  void Append(DecisionRecord record, AppendCallback done);

  // Runs `work` on the writer connection inside the next batch's transaction, in a savepoint, so
  // that all of its changes commit or none do, and waits for the commit. `work`'s own error is
  // returned (its changes rolled back, the batch unharmed); a failed commit gives kUnavailable.
  // Fails with kUnavailable when stopping, kInternal when called on the writer thread.
  Status Run(std::function<Status(Connection&)> work);

  // The newest committed record's seq and hash.
  ChainHead CommittedHead() const;

  // False after a failed commit until a commit that wrote something (a batch, or the idle probe)
  // succeeds; false once stopped.
  bool Healthy() const { return healthy_.load(std::memory_order_acquire); }

  // How often an unhealthy, idle writer probes the disk.
  static constexpr std::chrono::milliseconds kProbeInterval{1000};

  // True on the writer or the syncer thread (inside callbacks).
  bool OnWriterThread() const {
    return std::this_thread::get_id() == thread_id_.load() || (syncer_ && syncer_->OnThread());
  }

  // Stops taking writes (later ones fail with kUnavailable "store is closing"), commits what is
  // queued, fires every callback and joins the thread. Idempotent; concurrent calls return once
  // the thread has stopped. Precondition: not called on the writer thread.
  void Stop();

  // Closes the connection. Precondition: Stop() has returned. Idempotent.
  void CloseConnection();

 private:
  struct AppendJob {
    DecisionRecord record;
    AppendCallback done;
    Result<AppendOutcome> result = AppendOutcome{};
  };
  struct WorkJob {
    std::function<Status(Connection&)> work;
    std::promise<Status>* done;
    Status result;
  };
  using Job = std::variant<AppendJob, WorkJob>;

  void Loop();
  void CommitBatch(std::vector<Job>& jobs);
  // Processes one job inside the open transaction. Returns an error only when the transaction
  // can no longer commit (the whole batch fails).
  Status Process(AppendJob& job, ChainHead& head);
  Status Process(WorkJob& job);
  // Fails every write of a batch that did not (or may not) reach the disk.
  void FailBatch(std::vector<Job>& jobs, const std::string& why);
  // A durable batch: health (when it `wrote` anything), the commit metric, then the callbacks.
  void Acknowledge(std::vector<Job>& jobs, std::chrono::steady_clock::time_point start, bool wrote);
  // Unhealthy and idle: commits a probe write when the disk has room again
  // (store/sqlite/disk_check.h) and turns healthy once it is durable.
  void Probe();
  // Records a change of health and logs it; `why` is the failure (ignored when healthy).
  void SetHealthy(bool healthy, const std::string& why);
  void Finish(std::vector<Job>& jobs);

  std::unique_ptr<Connection> connection_;  // used by the writer thread only
  const std::unique_ptr<WalSyncer> syncer_;
  ChainHasher hasher_;                      // writer thread only
  ChainHead head_;                          // writer thread only: the committed head
  const size_t max_batch_;
  const size_t max_pending_;
  const std::function<void(size_t, int64_t)> on_commit_;
  std::atomic<bool> healthy_{true};
  std::atomic<int64_t> unhealthy_since_micros_{0};  // steady clock, when healthy_ turned false
  const std::string database_path_;                 // for the log lines of SetHealthy
  int wal_frames_ = 0;  // set by SQLite's WAL hook on the writer thread
  const int checkpoint_frames_;  // WAL frames that make a checkpoint due (16 MiB of pages)
  const int restart_frames_;     // WAL frames past which the writer checkpoints itself
  Checkpointer* const checkpointer_;

  mutable std::mutex mu_;  // guards the members below
  std::condition_variable work_ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  ChainHead committed_head_;

  std::mutex stop_mu_;  // serialises Stop
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_;  // set by the thread itself as it starts
};

}  // namespace vigil::store::sqlite
