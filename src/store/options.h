// Options for opening a Store. Built by cli/ from the config file, environment and flags; every
// field has a default that is right for production, so `StoreOptions{.directory = "data"}` is a
// complete configuration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"

namespace vigil::store {

// What a commit promises before its callbacks fire.
enum class Durability {
  // Every batch is fsync'd before any of its callbacks fire (SQLite: WAL with an fdatasync of
  // the WAL after each commit, on a thread of its own so the next batch commits meanwhile).
  // An acknowledged record survives kill -9 and power loss.
  kSync,
  // No fsync at all (synchronous=OFF). Committed records survive kill -9 of the process (they are
  // in the OS page cache) but not a crash of the machine or a power cut, which may also leave the
  // newest records missing. Several times faster; for benchmarks, tests and throwaway runs only.
  kNone,
};

struct StoreOptions {
  // The data directory; created (with parents) if missing. The database is
  // <directory>/vigil.db (plus its -wal and -shm files) and <directory>/vigil.lock keeps a second
  // process from opening the same directory. Required.
  std::string directory;

  // Default: kSync. See Durability.
  Durability durability = Durability::kSync;

  // Most writes (decision records, stored events, catalog transactions) committed in one
  // transaction, i.e. with one fsync. Larger batches give more throughput under load; a batch
  // never waits to fill up, it takes whatever is queued.
  // Default: 512. Must be at least 1.
  size_t max_batch = 512;

  // Writes queued and not yet committed at most; AppendDecision beyond it fails at once with
  // kResourceExhausted rather than letting memory and latency grow without bound when the disk
  // cannot keep up.
  // Default: 65536. Must be at least 1.
  size_t max_pending = 65536;

  // Read-only connections shared by GetDecision, ListDecisions, LoadCatalog, GetEvent and
  // VerifyChain; that many reads run at once, concurrently with the writer.
  // Default: 4. Must be at least 1.
  int read_connections = 4;

  // Upper bound on the size of the database in bytes, 0 for none. A commit that would grow the
  // database past it fails as a full disk does (kUnavailable) and acknowledges nothing. Rounded
  // down to whole pages. Useful as a quota, and how tests simulate a full disk.
  // Default: 0 (no limit).
  uint64_t max_database_bytes = 0;

  // Metrics hook, called on the writer thread after each successful commit with the number of
  // writes in the batch and the wall time from BEGIN to the end of COMMIT (fsync included),
  // measured with a monotonic clock. Must be fast and must not call back into the store.
  // Default: none.
  std::function<void(size_t batch_size, int64_t commit_micros)> on_commit;

  // Source of the times the store stamps itself: a catalog object's `updated`, a stored event's
  // `stored`. Not owned; must outlive the store.
  // Default: nullptr, meaning SystemClock::Instance().
  const Clock* clock = nullptr;
};

}  // namespace vigil::store
