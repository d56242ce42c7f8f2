// The Store: where Vigil keeps what must survive a restart: catalog objects, decision records
// and stored events. This file is the interface and its plain data types; backends live in
// subfolders (sqlite/ is the embedded default) and only cli/ names one.
//
// The store is generic: catalog objects and decision records arrive as JSON text and are kept
// verbatim; it never parses them. It knows only the few columns it indexes or shows in a table.
//
// Durability contract: a write is acknowledged (a callback fires with success, or a synchronous
// call returns success) only after the transaction holding it is durable as the StoreOptions'
// Durability promises. Nothing acknowledged is lost, also under kill -9.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/options.h"

namespace vigil::store {

// A catalog object: a typed JSON document. `kind` is e.g. "event_type", "variable", "detector",
// "detector_version", "list", "api_key"; `id` is unique within its kind (composite ids such as
// "detector/version" are the caller's business).
struct CatalogObject {
  std::string kind;
  std::string id;
  std::string json;
  int64_t updated_micros = 0;  // when it was last written; set by the store
};

// One change of a catalog transaction: put `json` under (kind, id), or delete it when `json` is
// nullopt. Deleting an object that does not exist is not an error.
struct CatalogChange {
  std::string kind;
  std::string id;
  std::optional<std::string> json = {};
};

// A stored event: what was decided by /detect (when its event type has event ingestion ENABLED)
// or sent without a decision, with its label once known.
struct StoredEvent {
  std::string event_type;
  std::string event_id;  // unique within event_type
  std::string entity_type;
  std::string entity_id;
  int64_t event_micros = 0;    // years 0000..9999
  std::string variables_json;  // JSON object of the event's variables, verbatim
  std::optional<std::string> label = {};
  std::optional<int64_t> label_micros = {};
  // Set by the store (from StoreOptions::clock) when the event is written by PutEvent or with its
  // decision; a label change keeps it.
  int64_t stored_micros = 0;

  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

// The durable account of one decision. The caller fills the first block; the store sets the
// second when the record is committed.
struct DecisionRecord {
  std::string event_id;  // the key: a record whose event id is already stored is never stored
  std::string detector_id;
  std::string detector_version;
  std::string event_type;
  std::string fraud_label;                   // e.g. "FRAUD", "LEGIT"
  std::optional<double> insight_score = {};  // finite when present
  int64_t decided_micros = 0;                // decision time; years 0000..9999
  int64_t event_micros = 0;                  // the event's timestamp; years 0000..9999
  std::string record_json;                   // the full decision record, kept verbatim
  // The decided event to store with the record, in the same transaction: it is stored exactly
  // when the record is inserted (not for a known event id), replacing a stored event with its
  // key but keeping that one's label when it carries none. Not part of the hash chain, and never
  // read back: GetDecision, ListDecisions and a repeat's AppendOutcome leave it empty.
  std::optional<StoredEvent> event = {};

  // Set by the store on commit; ignored in AppendDecision's input.
  int64_t seq = 0;        // 1, 2, 3, ... in commit order, without gaps
  std::string prev_hash;  // the previous record's hash; 64 zeros for seq 1
  std::string hash;       // hex SHA-256 over prev_hash and this record (store/hash_chain.h)

  friend bool operator==(const DecisionRecord&, const DecisionRecord&) = default;
};

struct AppendOutcome {
  bool inserted = false;  // false: the event id was stored before, `record` is that record
  DecisionRecord record;  // as stored, with seq, prev_hash and hash
};

// Called exactly once per AppendDecision: on the writer thread after the commit (or its failure),
// or inline in AppendDecision when the store does not take the record (malformed, closing, queue
// full). It must not block for long, and must not make synchronous store calls (they would wait
// for the writer thread that is running the callback; they fail with kInternal instead).
using AppendCallback = std::function<void(Result<AppendOutcome>)>;

// Filters of ListDecisions; all that are set apply. Results are newest first (seq descending).
struct DecisionQuery {
  std::optional<std::string> detector_id = {};
  std::optional<int64_t> after_seq = {};  // only seq > after_seq (follow new records)
  std::optional<int64_t> before_seq =
      {};  // only seq < before_seq (page back: the last seq you got)
  std::optional<int64_t> decided_before_micros = {};  // only records decided strictly before
  size_t limit = 100;  // at most this many; 0 gives none; above kMaxListLimit is clamped
};
inline constexpr size_t kMaxListLimit = 10000;

// The result of walking the hash chain. `ok()` when every record recomputes to its stored hash,
// links to its predecessor, seq runs 1..records without gaps, and the newest record matches the
// head the writer holds in memory. Deleting the newest records while the store is closed cannot
// be seen from the chain alone: keep head_hash somewhere else (a log, a ticket) to anchor it.
struct ChainReport {
  int64_t records = 0;                   // records walked
  std::optional<int64_t> first_bad_seq;  // the first seq where the chain breaks
  std::string problem;                   // what is wrong there, empty when ok
  int64_t head_seq = 0;                  // the newest record walked (0 when empty)
  std::string head_hash;                 // its hash (64 zeros when empty)
  bool ok() const { return !first_bad_seq.has_value(); }
};

// Thread-safety: every method may be called from any thread at any time, also concurrently with
// Close(); calls after Close() fail with kUnavailable (AppendDecision through its callback).
// Errors: kInvalidArgument for bad input (changes nothing), kUnavailable when the store cannot
// read or write now (disk full, read-only, I/O error, closing), kInternal for a bug.
class Store {
 public:
  virtual ~Store() = default;

  // Every catalog object, ordered by kind then id.
  virtual Result<std::vector<CatalogObject>> LoadCatalog() = 0;

  // Applies all changes in order as one durable transaction, or none of them. Synchronous: returns
  // after the commit. A (kind, id) changed twice ends as the last change says. Kind and id must
  // not be empty; json must be valid JSON.
  virtual Status ApplyCatalog(const std::vector<CatalogChange>& changes) = 0;

  // Queues `record` for the next group commit and returns at once. `done` receives the outcome:
  // inserted, or the already stored record for a known event id (exact under concurrency, also
  // for duplicates within one batch); kInvalidArgument for a malformed record (CheckChainable in
  // store/hash_chain.h: empty event_id, a newline in a short field, a non-finite score, a time
  // outside years 0000..9999) or event (as PutEvent); kUnavailable when the commit failed (nothing of the batch is
  // stored) or the store is closing; kResourceExhausted when StoreOptions::max_pending writes
  // are already queued. Success means the record is durable (StoreOptions::durability).
  virtual void AppendDecision(DecisionRecord record, AppendCallback done) = 0;

  // The committed record for `event_id`, or nullopt.
  virtual Result<std::optional<DecisionRecord>> GetDecision(std::string_view event_id) = 0;

  virtual Result<std::vector<DecisionRecord>> ListDecisions(const DecisionQuery& query) = 0;

  // Walks every committed record in seq order and recomputes the chain. Reads a snapshot, so it
  // runs concurrently with appends; records committed meanwhile may or may not be included.
  virtual Result<ChainReport> VerifyChain() = 0;

  // Stores `event`, replacing a stored event with the same (event_type, event_id), label
  // included. Synchronous and durable like ApplyCatalog, but group-committed with the decision
  // records. Returns the event as stored (with stored_micros). kInvalidArgument for an empty
  // event type or id, or a time outside years 0000..9999.
  virtual Result<StoredEvent> PutEvent(const StoredEvent& event) = 0;
  // Stores every event of `events` (as PutEvent each) in one durable transaction, or none of
  // them; an error names the first event that is malformed. For bulk loads (`vigil import`).
  virtual Status PutEvents(const std::vector<StoredEvent>& events) = 0;
  virtual Result<std::optional<StoredEvent>> GetEvent(std::string_view event_type,
                                                      std::string_view event_id) = 0;
  // Sets the label of a stored event (replacing one it had) and returns the event as it is now;
  // nullopt, changing nothing, when no event is stored under the key. Synchronous and durable
  // like PutEvent. kInvalidArgument for an empty label or a time outside years 0000..9999.
  virtual Result<std::optional<StoredEvent>> LabelEvent(std::string_view event_type,
                                                        std::string_view event_id,
                                                        std::string_view label,
                                                        int64_t label_micros) = 0;
  // Calls `each` for every stored event of `event_type`, oldest event_micros first (ties in the
  // order they were stored), from a snapshot: events stored meanwhile may or may not be seen.
  // Stops at, and returns, the first error of `each`. What aggregates are rebuilt from.
  virtual Status ScanEvents(std::string_view event_type,
                            const std::function<Status(const StoredEvent&)>& each) = 0;
  // How many events of `event_type` are stored (what a scan of it will about see).
  virtual Result<int64_t> CountEvents(std::string_view event_type) = 0;
  // Returns whether an event was deleted (false: there was none). The decision record of the
  // event, if any, stays: records are hash-chained, and deleting one would break the chain.
  virtual Result<bool> DeleteEvent(std::string_view event_type, std::string_view event_id) = 0;

  // True while the store is open and its last commit succeeded (or nothing was committed yet).
  // Turns false on a failed commit and true again with the next successful one.
  virtual bool Healthy() const = 0;

  // Stops taking writes, commits everything already queued (every pending callback fires), stops
  // the writer, waits for running reads and closes the database. Idempotent; concurrent calls
  // return when the store is closed. Returns the error of the final close, if any.
  virtual Status Close() = 0;
};

}  // namespace vigil::store
