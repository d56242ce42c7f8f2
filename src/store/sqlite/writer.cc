#include "store/sqlite/writer.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/log.h"
#include "core/thread_name.h"
#include "store/record_text.h"
#include "store/sqlite/decision_table.h"
#include "store/sqlite/disk_check.h"
#include "store/sqlite/event_table.h"

namespace vigil::store::sqlite {

namespace {

// WAL size past which the writer asks the checkpointer to copy the WAL into the database.
constexpr int64_t kCheckpointBytes = 16 << 20;
// WAL size past which the writer checkpoints itself, between two batches. SQLite starts the WAL
// over only when a write transaction begins with every frame copied, which a checkpoint running
// beside a busy writer never achieves; without this the WAL would grow for as long as the load
// lasts. The checkpointer has copied most frames by then, so this one is short.
constexpr int64_t kRestartBytes = 2 * kCheckpointBytes;

// WAL frames (one page each) in `bytes`, at least one.
int FramesIn(int64_t bytes, Connection& db) {
  auto page_size = db.QueryInt("PRAGMA page_size", "read page_size");
  const int64_t page = page_size && *page_size > 0 ? *page_size : 4096;
  return static_cast<int>(std::max<int64_t>(1, bytes / page));
}

int OnWalCommit(void* frames, sqlite3*, const char*, int wal_frames) {
  *static_cast<int*>(frames) = wal_frames;
  return SQLITE_OK;
}

Error Unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), {}};
}

// A callback of the caller must not take the writer down; errors are values in Vigil, so this
// only catches what the caller's code fails to.
template <typename Fn>
void CallQuietly(Fn&& fn) {
  try {
    fn();
  } catch (...) {
  }
}

// Room, in pages, that the idle probe wants on the disk before it calls the store healthy again.
constexpr int64_t kProbeRoomPages = 64;

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Inserts `record` and, when it is inserted, the event it carries, in a savepoint so that both
// are stored or neither is. Returns whether the record was inserted, as InsertDecision.
Result<bool> InsertDecisionAndEvent(Connection& db, const DecisionRecord& record,
                                    std::string_view timestamp, std::string_view event_timestamp) {
  VIGIL_CHECK(db.Run("SAVEPOINT decision"));
  Result<bool> inserted = [&]() -> Result<bool> {
    VIGIL_TRY(fresh, InsertDecision(db, record, timestamp, event_timestamp));
    if (fresh) VIGIL_CHECK(UpsertEvent(db, *record.event, StoredLabel::kKeepUnlessSet));
    return fresh;
  }();
  if (inserted) {
    VIGIL_CHECK(db.Run("RELEASE decision"));
    return inserted;
  }
  if (db.InTransaction()) {
    VIGIL_CHECK(db.Run("ROLLBACK TO decision"));
    VIGIL_CHECK(db.Run("RELEASE decision"));
  }
  return inserted;
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> connection, ChainHead head, const StoreOptions& options,
               Checkpointer* checkpointer, std::unique_ptr<WalSyncer> syncer)
    : connection_(std::move(connection)),
      syncer_(std::move(syncer)),
      head_(head),
      max_batch_(options.max_batch),
      max_pending_(options.max_pending),
      on_commit_(options.on_commit),
      database_path_(connection_->path()),
      checkpoint_frames_(FramesIn(kCheckpointBytes, *connection_)),
      restart_frames_(FramesIn(kRestartBytes, *connection_)),
      checkpointer_(checkpointer),
      committed_head_(std::move(head)) {
  // Replaces SQLite's automatic checkpoint, which would run inside COMMIT on this thread.
  sqlite3_wal_hook(connection_->handle(), OnWalCommit, &wal_frames_);
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() {
  Stop();
  CloseConnection();
}

void Writer::CloseConnection() {
  std::lock_guard stop_lock(stop_mu_);
  connection_.reset();
}

void Writer::Append(DecisionRecord record, AppendCallback done) {
  std::unique_lock lock(mu_);
  if (stopping_) {
    lock.unlock();
    done(Fail(ErrorCode::kUnavailable,
              "store is closing: decision " + record.event_id + " was not stored"));
    return;
  }
  if (queue_.size() >= max_pending_) {
    lock.unlock();
    done(
        Fail(ErrorCode::kResourceExhausted, "store is overloaded: " + std::to_string(max_pending_) +
                                                " writes are waiting for the disk; decision " +
                                                record.event_id + " was not stored"));
    return;
  }
  queue_.emplace_back(AppendJob{std::move(record), std::move(done)});
  lock.unlock();
  work_ready_.notify_one();
}

Status Writer::Run(std::function<Status(Connection&)> work) {
  if (OnWriterThread()) {
    return Fail(ErrorCode::kInternal,
                "a synchronous store call was made from a commit callback; it would wait for "
                "itself");
  }
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(ErrorCode::kUnavailable, "store is closed");
    queue_.emplace_back(WorkJob{std::move(work), &done, {}});
  }
  work_ready_.notify_one();
  return result.get();
}

ChainHead Writer::CommittedHead() const {
  std::lock_guard lock(mu_);
  return committed_head_;
}

void Writer::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (syncer_) syncer_->Stop();  // after the writer: its last batches are submitted by then
  healthy_.store(false, std::memory_order_release);
}

void Writer::Loop() {
  NameThisThread("vigil-writer");
  thread_id_.store(std::this_thread::get_id());
  std::vector<Job> batch;
  batch.reserve(max_batch_);
  for (;;) {
    {
      std::unique_lock lock(mu_);
      const auto ready = [&] { return !queue_.empty() || stopping_; };
      if (Healthy()) work_ready_.wait(lock, [&] { return ready() || !Healthy(); });
      // Unhealthy and idle: probe the disk every kProbeInterval until a write or a probe commits.
      if (!ready() && !work_ready_.wait_for(lock, kProbeInterval, ready)) {
        lock.unlock();
        Probe();
        if (syncer_) syncer_->WaitUntilTaken();
        continue;
      }
      if (queue_.empty()) return;  // stopping, and everything queued is done
      const size_t n = std::min(queue_.size(), max_batch_);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
    if (syncer_) syncer_->WaitUntilTaken();
    if (wal_frames_ >= restart_frames_ || (wal_frames_ >= checkpoint_frames_ && !checkpointer_)) {
      // SQLITE_BUSY (the checkpointer is running) or a failure: the next batch tries again.
      if (sqlite3_wal_checkpoint_v2(connection_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE,
                                    nullptr, nullptr) == SQLITE_OK) {
        wal_frames_ = 0;
      }
    } else if (wal_frames_ >= checkpoint_frames_) {
      checkpointer_->Request();
    }
  }
}

void Writer::CommitBatch(std::vector<Job>& jobs) {
  const auto start = std::chrono::steady_clock::now();
  Connection& db = *connection_;
  // A failed ROLLBACK may have left a transaction open; never nest into it.
  if (db.InTransaction()) (void)db.Run("ROLLBACK");

  ChainHead head = head_;
  // Only a batch that changed rows has shown that the disk takes writes (replays change none).
  const int64_t changes_before = sqlite3_total_changes64(db.handle());
  Status batch = db.Run("BEGIN IMMEDIATE");
  for (Job& job : jobs) {
    if (!batch) break;
    if (auto* append = std::get_if<AppendJob>(&job)) {
      batch = Process(*append, head);
    } else {
      batch = Process(std::get<WorkJob>(job));
    }
  }
  if (batch) batch = db.Run("COMMIT");

  if (!batch) {
    if (db.InTransaction()) (void)db.Run("ROLLBACK");
    FailBatch(jobs, "store unavailable, nothing of this batch was stored: " +
                        batch.error().message);
    Finish(jobs);
    return;
  }
  head_ = head;
  {
    std::lock_guard lock(mu_);
    committed_head_ = head;
  }
  const bool wrote = sqlite3_total_changes64(db.handle()) != changes_before;
  if (!syncer_) return Acknowledge(jobs, start, wrote);
  // Durable once the syncer's next fdatasync returns; meanwhile this thread goes on with the
  // next batch.
  syncer_->Submit([this, jobs = std::move(jobs), start, wrote](Status durable) mutable {
    if (!durable) {
      FailBatch(jobs, "store unavailable, this batch may not be stored: " +
                          durable.error().message);
      return Finish(jobs);
    }
    Acknowledge(jobs, start, wrote);
  });
}

void Writer::Probe() {
  if (Healthy()) return;  // a batch's acknowledgement got there first
  Connection& db = *connection_;
  if (db.InTransaction()) (void)db.Run("ROLLBACK");
  if (!ProbeWrite(db, kProbeRoomPages)) return;  // still unavailable; the next try will tell
  if (!syncer_) return SetHealthy(true, "");
  syncer_->Submit([this](Status durable) {
    if (durable) SetHealthy(true, "");
  });
}

void Writer::SetHealthy(bool healthy, const std::string& why) {
  if (healthy_.exchange(healthy, std::memory_order_acq_rel) == healthy) return;
  if (!healthy) {
    unhealthy_since_micros_.store(SteadyMicros(), std::memory_order_relaxed);
    {
      std::lock_guard lock(mu_);  // so that the loop cannot miss the wake-up (it waits on mu_)
    }
    work_ready_.notify_one();  // an idle loop starts probing
    boost::json::object fields{{"database", database_path_}, {"error", why}};
    for (auto& [key, value] : DescribeFileSystem(database_path_)) fields[key] = std::move(value);
    log::Error(
        "store unavailable: writes fail (HTTP 503) and the server is not ready until a commit "
        "succeeds; reads still work",
        std::move(fields));
    return;
  }
  const int64_t since = unhealthy_since_micros_.load(std::memory_order_relaxed);
  log::Info("store available again: writes commit",
            {{"database", database_path_}, {"unavailable_ms", (SteadyMicros() - since) / 1000}});
}

void Writer::FailBatch(std::vector<Job>& jobs, const std::string& why) {
  SetHealthy(false, why);
  for (Job& job : jobs) {
    std::visit(
        [&](auto& j) {
          // Keep a write's own input error; every other write shares the batch's fate.
          if (j.result || j.result.error().code == ErrorCode::kUnavailable) {
            j.result = std::unexpected(Unavailable(why));
          }
        },
        job);
  }
}

void Writer::Acknowledge(std::vector<Job>& jobs, std::chrono::steady_clock::time_point start,
                         bool wrote) {
  if (wrote) SetHealthy(true, "");
  if (on_commit_) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    CallQuietly([&] { on_commit_(jobs.size(), micros); });
  }
  Finish(jobs);
}

Status Writer::Process(AppendJob& job, ChainHead& head) {
  Connection& db = *connection_;
  DecisionRecord& record = job.record;
  // -0.0 would be stored as the integer 0 and read back as 0.0, changing its hashed text.
  if (record.insight_score) record.insight_score = *record.insight_score + 0.0;
  record.seq = head.seq + 1;
  record.prev_hash = head.hash;
  const std::string score = ScoreText(record.insight_score);
  const std::string timestamp = TimestampText(record.decided_micros);
  const std::string event_timestamp = TimestampText(record.event_micros);
  auto hash = hasher_.Hash(record, score, timestamp, event_timestamp);
  if (!hash) {
    job.result = std::unexpected(hash.error());
    return {};
  }
  record.hash = std::move(*hash);

  auto inserted = record.event ? InsertDecisionAndEvent(db, record, timestamp, event_timestamp)
                               : InsertDecision(db, record, timestamp, event_timestamp);
  if (!inserted) {
    if (IsEnvironmental(inserted.error()) || !db.InTransaction()) {
      return std::unexpected(inserted.error());
    }
    job.result = std::unexpected(inserted.error());  // this record only; SQLite undid its statement
    return {};
  }
  if (*inserted) {
    head = ChainHead{record.seq, record.hash};
    job.result = AppendOutcome{true, std::move(record)};
    return {};
  }
  // A known event id, stored before or earlier in this batch: answer with the stored record.
  auto existing = SelectDecision(db, record.event_id);
  if (!existing) return std::unexpected(existing.error());
  if (!*existing) {
    job.result = Fail(ErrorCode::kInternal, "decision " + record.event_id +
                                                " was neither inserted nor found as a duplicate");
    return {};
  }
  job.result = AppendOutcome{false, std::move(**existing)};
  return {};
}

Status Writer::Process(WorkJob& job) {
  Connection& db = *connection_;
  VIGIL_CHECK(db.Run("SAVEPOINT work"));
  job.result = job.work(db);
  if (job.result) return db.Run("RELEASE work");
  if (IsEnvironmental(job.result.error()) || !db.InTransaction()) {
    return std::unexpected(job.result.error());
  }
  // The write's own error: undo just its changes, keep the batch.
  VIGIL_CHECK(db.Run("ROLLBACK TO work"));
  return db.Run("RELEASE work");
}

void Writer::Finish(std::vector<Job>& jobs) {
  for (Job& job : jobs) {
    if (auto* append = std::get_if<AppendJob>(&job)) {
      CallQuietly([&] { append->done(std::move(append->result)); });
    } else {
      auto& work = std::get<WorkJob>(job);
      work.done->set_value(std::move(work.result));
    }
  }
}

}  // namespace vigil::store::sqlite
