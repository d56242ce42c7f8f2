#include "store/sqlite/sqlite_store.h"

#include <mutex>
#include <string>
#include <system_error>
#include <utility>

#include "store/chain_verifier.h"
#include "store/hash_chain.h"
#include "store/record_text.h"
#include "store/sqlite/catalog_table.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/data_directory.h"
#include "store/sqlite/decision_table.h"
#include "store/sqlite/event_table.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/writer.h"

namespace vigil::store {

namespace {

using sqlite::Connection;

constexpr int kMaxReadConnections = 64;
// How much of the database an event scan maps (SQLite caps it at its SQLITE_MAX_MMAP_SIZE).
constexpr int64_t kScanMmapBytes = int64_t{1} << 40;

Status CheckOptions(const StoreOptions& options) {
  if (options.max_batch < 1) {
    return Fail(ErrorCode::kInvalidArgument, "max_batch must be at least 1", "max_batch");
  }
  if (options.max_pending < 1) {
    return Fail(ErrorCode::kInvalidArgument, "max_pending must be at least 1", "max_pending");
  }
  if (options.read_connections < 1 || options.read_connections > kMaxReadConnections) {
    return Fail(ErrorCode::kInvalidArgument,
                "read_connections must be between 1 and " + std::to_string(kMaxReadConnections),
                "read_connections");
  }
  return {};
}

Status SetSynchronous(Connection& db, const StoreOptions& options) {
  // kSync: NORMAL, and the WalSyncer fsyncs the WAL after each commit before anything is
  // acknowledged (sqlite/wal_syncer.h), which is what FULL would do inside COMMIT.
  return db.Exec(options.durability == Durability::kSync ? "PRAGMA synchronous = NORMAL"
                                                         : "PRAGMA synchronous = OFF",
                 "set synchronous");
}

// Settings of the writer connection; those that persist in the file (WAL) and those that do not.
Status ConfigureWriter(Connection& db, const StoreOptions& options) {
  // Pages of a new database: SQLite writes the WAL a frame (page) at a time with two write calls
  // and a checksum each, so larger pages cost less CPU per stored byte; a decision row is 1-2 KiB
  // and 32 KiB pages took a quarter less CPU per record than the default 4 KiB in the store
  // benchmark. Ignored for a database that has pages already (its size is fixed at creation).
  VIGIL_CHECK(db.Exec("PRAGMA page_size = 32768", "set page_size"));
  VIGIL_TRY(journal_mode, db.QueryText("PRAGMA journal_mode = WAL", "switch to WAL mode"));
  if (journal_mode != "wal") {
    return Fail(ErrorCode::kUnavailable, "the database cannot use WAL mode (journal_mode stays \"" +
                                             journal_mode +
                                             "\"); is the directory on a network file system?");
  }
  VIGIL_CHECK(SetSynchronous(db, options));
  VIGIL_CHECK(db.Exec("PRAGMA cache_size = -16384", "set cache_size"));  // 16 MiB
  VIGIL_CHECK(db.Exec("PRAGMA journal_size_limit = 67108864", "set journal_size_limit"));
  // Only a foreign connection (the sqlite3 shell) can hold the write lock; wait for it.
  sqlite3_busy_timeout(db.handle(), 5000);
  if (options.max_database_bytes > 0) {
    VIGIL_TRY(page_size, db.QueryInt("PRAGMA page_size", "read page_size"));
    const uint64_t pages = std::max<uint64_t>(1, options.max_database_bytes / page_size);
    VIGIL_CHECK(db.Exec("PRAGMA max_page_count = " + std::to_string(pages), "set max_page_count"));
  }
  return {};
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const StoreOptions& options, std::unique_ptr<sqlite::DataDirectory> directory,
              std::unique_ptr<sqlite::ReaderPool> readers,
              std::unique_ptr<sqlite::Checkpointer> checkpointer,
              std::unique_ptr<sqlite::Writer> writer)
      : clock_(options.clock != nullptr ? *options.clock : SystemClock::Instance()),
        directory_(std::move(directory)),
        readers_(std::move(readers)),
        checkpointer_(std::move(checkpointer)),
        writer_(std::move(writer)) {}

  ~SqliteStore() override { (void)Close(); }

  Result<std::vector<CatalogObject>> LoadCatalog() override {
    VIGIL_TRY(lease, readers_->Acquire());
    return sqlite::SelectCatalog(*lease);
  }

  Status ApplyCatalog(const std::vector<CatalogChange>& changes) override {
    VIGIL_CHECK(sqlite::CheckCatalogChanges(changes));
    if (changes.empty()) return {};
    const int64_t now = clock_.NowMicros();
    VIGIL_CHECK(CheckTimestamp(now, "the clock's time"));
    return writer_->Run(
        [&](Connection& db) { return sqlite::WriteCatalogChanges(db, changes, now); });
  }

  void AppendDecision(DecisionRecord record, AppendCallback done) override {
    if (auto valid = CheckChainable(record); !valid) {
      done(std::unexpected(std::move(valid.error())));
      return;
    }
    if (record.event) {
      record.event->stored_micros = clock_.NowMicros();
      if (auto valid = sqlite::CheckEvent(*record.event); !valid) {
        done(std::unexpected(std::move(valid.error())));
        return;
      }
    }
    writer_->Append(std::move(record), std::move(done));
  }

  Result<std::optional<DecisionRecord>> GetDecision(std::string_view event_id) override {
    VIGIL_TRY(lease, readers_->Acquire());
    return sqlite::SelectDecision(*lease, event_id);
  }

  Result<std::vector<DecisionRecord>> ListDecisions(const DecisionQuery& query) override {
    VIGIL_TRY(lease, readers_->Acquire());
    return sqlite::SelectDecisions(*lease, query);
  }

  Result<ChainReport> VerifyChain() override {
    // Read the head before the walk's snapshot begins, so the snapshot is sure to contain it.
    ChainVerifier verifier(writer_->CommittedHead());
    VIGIL_TRY(lease, readers_->Acquire());
    VIGIL_CHECK(
        sqlite::ForEachChainRow(*lease, [&](const ChainRow& row) { return verifier.Add(row); }));
    return verifier.Finish();
  }

  Result<StoredEvent> PutEvent(const StoredEvent& event) override {
    StoredEvent stored = event;
    stored.stored_micros = clock_.NowMicros();
    VIGIL_CHECK(sqlite::CheckEvent(stored));
    VIGIL_CHECK(writer_->Run([&](Connection& db) {
      return sqlite::UpsertEvent(db, stored, sqlite::StoredLabel::kReplace);
    }));
    return stored;
  }

  Status PutEvents(const std::vector<StoredEvent>& events) override {
    const int64_t now = clock_.NowMicros();
    for (const StoredEvent& event : events) {
      if (auto checked = sqlite::CheckEvent(event); !checked) {
        Error e = checked.error();
        e.message = "event " + event.event_type + "/" + event.event_id + ": " + e.message;
        return std::unexpected(std::move(e));
      }
    }
    return writer_->Run([&](Connection& db) -> Status {
      StoredEvent stored;
      for (const StoredEvent& event : events) {
        stored = event;
        stored.stored_micros = now;
        VIGIL_CHECK(sqlite::UpsertEvent(db, stored, sqlite::StoredLabel::kReplace));
      }
      return {};
    });
  }

  Result<std::optional<StoredEvent>> LabelEvent(std::string_view event_type,
                                                std::string_view event_id, std::string_view label,
                                                int64_t label_micros) override {
    if (label.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "label must not be empty", "label");
    }
    VIGIL_CHECK(CheckTimestamp(label_micros, "label_timestamp"));
    std::optional<StoredEvent> labelled;
    VIGIL_CHECK(writer_->Run([&](Connection& db) -> Status {
      VIGIL_TRY(found, sqlite::UpdateEventLabel(db, event_type, event_id, label, label_micros));
      if (!found) return {};
      // Read back inside the same transaction: the event as this label change leaves it.
      VIGIL_TRY(event, sqlite::SelectEvent(db, event_type, event_id));
      labelled = std::move(event);
      return {};
    }));
    return labelled;
  }

  Result<std::optional<StoredEvent>> GetEvent(std::string_view event_type,
                                              std::string_view event_id) override {
    VIGIL_TRY(lease, readers_->Acquire());
    return sqlite::SelectEvent(*lease, event_type, event_id);
  }

  Status ScanEvents(std::string_view event_type,
                    const std::function<Status(const StoredEvent&)>& each) override {
    VIGIL_TRY(lease, readers_->Acquire());
    // The scan reads the file through a memory map: a page is then not copied out of the
    // kernel's page cache first (that copy was a tenth of a rebuild's CPU time).
    VIGIL_CHECK(lease->Exec("PRAGMA mmap_size = " + std::to_string(kScanMmapBytes),
                            "map the database for the event scan"));
    // One read transaction: a consistent snapshot however long the scan takes.
    VIGIL_CHECK(lease->Exec("BEGIN", "begin the event scan"));
    const Status scanned = sqlite::ScanEventRows(*lease, event_type, each);
    (void)lease->Exec("COMMIT", "end the event scan");
    (void)lease->Exec("PRAGMA mmap_size = 0", "unmap the database after the event scan");
    return scanned;
  }

  Result<int64_t> CountEvents(std::string_view event_type) override {
    VIGIL_TRY(lease, readers_->Acquire());
    return sqlite::CountEventRows(*lease, event_type);
  }

  Result<bool> DeleteEvent(std::string_view event_type, std::string_view event_id) override {
    bool deleted = false;
    VIGIL_CHECK(writer_->Run([&](Connection& db) -> Status {
      VIGIL_TRY(found, sqlite::DeleteEventRow(db, event_type, event_id));
      deleted = found;
      return {};
    }));
    return deleted;
  }

  bool Healthy() const override { return writer_->Healthy(); }

  Status Close() override {
    if (writer_->OnWriterThread()) {
      return Fail(ErrorCode::kInternal, "Close was called from a commit callback");
    }
    std::lock_guard lock(close_mu_);
    if (closed_) return {};
    writer_->Stop();
    checkpointer_->Stop();
    readers_->Close();
    // Last, so that its close checkpoints the WAL into the database and removes it.
    writer_->CloseConnection();
    directory_.reset();  // releases the directory lock
    closed_ = true;
    return {};
  }

 private:
  const Clock& clock_;
  std::mutex close_mu_;
  bool closed_ = false;                               // guarded by close_mu_
  std::unique_ptr<sqlite::DataDirectory> directory_;  // guarded by close_mu_
  // Live until destruction, so calls racing Close find them stopped rather than gone.
  const std::unique_ptr<sqlite::ReaderPool> readers_;
  const std::unique_ptr<sqlite::Checkpointer> checkpointer_;
  const std::unique_ptr<sqlite::Writer> writer_;  // last: its thread uses checkpointer_
};

Result<std::unique_ptr<Store>> Open(const StoreOptions& options) {
  VIGIL_CHECK(CheckOptions(options));
  VIGIL_TRY(directory, sqlite::DataDirectory::Open(options.directory));
  const std::string path = directory->DatabasePath();
  VIGIL_TRY(db, Connection::Open(path, /*read_only=*/false));
  VIGIL_CHECK(ConfigureWriter(*db, options));
  VIGIL_CHECK(sqlite::Migrate(*db));
  VIGIL_CHECK(directory->Sync());  // the database and WAL files now exist; make them durable
  VIGIL_TRY(head, sqlite::SelectChainHead(*db));
  VIGIL_TRY(readers, sqlite::ReaderPool::Open(path, options.read_connections));
  VIGIL_TRY(checkpoint_db, Connection::Open(path, /*read_only=*/false));
  VIGIL_CHECK(SetSynchronous(*checkpoint_db, options));
  std::unique_ptr<sqlite::WalSyncer> syncer;
  if (options.durability == Durability::kSync) {
    VIGIL_TRY(opened, sqlite::WalSyncer::Open(path + "-wal"));
    syncer = std::move(opened);
  }
  std::unique_ptr<sqlite::Checkpointer> checkpointer;
  std::unique_ptr<sqlite::Writer> writer;
  try {  // std::thread reports a failure to start a thread by throwing
    checkpointer = std::make_unique<sqlite::Checkpointer>(std::move(checkpoint_db));
    writer = std::make_unique<sqlite::Writer>(std::move(db), std::move(head), options,
                                              checkpointer.get(), std::move(syncer));
  } catch (const std::system_error& error) {
    return Fail(ErrorCode::kUnavailable,
                std::string("cannot start the store's threads: ") + error.what());
  }
  return std::unique_ptr<Store>(new SqliteStore(options, std::move(directory), std::move(readers),
                                                std::move(checkpointer), std::move(writer)));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  auto store = Open(options);
  if (!store) {
    Error error = std::move(store.error());
    error.message = "cannot open the store in \"" + options.directory + "\": " + error.message;
    return std::unexpected(std::move(error));
  }
  return store;
}

}  // namespace vigil::store
