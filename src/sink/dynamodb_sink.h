// The DynamoDB sink: a background thread that copies every committed decision record into a
// DynamoDB-API table (the seed's `FraudDetectionResults`), one item per decision (dynamodb_item.h).
//
// Outbox and guarantees: the store's decision table is the outbox — a decision is durable there
// before /detect answers, and the sink never sits on the request path (Notify() is a flag and a
// condition variable). The sink reads the records after its export cursor (export_cursor.h) in
// seq order, writes them with BatchWriteItem (25 a call), sends unprocessed items and failed calls
// again with capped exponential backoff and full jitter, and advances the durable cursor only after
// every record up to it was acknowledged. Delivery is at-least-once: after a crash or a stop the
// last round may be written again, which a put by key makes harmless (same item, same value).
// Nothing is ever skipped: a table that stays unreachable or refuses the items holds the cursor
// (and shows in the metrics) until it takes them.
//
// Lifetime: Start() once, Stop() before the store closes; the destructor stops. Thread-safety:
// Notify() from any thread (the store's commit hook); Start/Stop from one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "sink/dynamodb_client.h"
#include "sink/sink_metrics.h"
#include "store/store.h"

namespace vigil::sink {

struct DynamoDbSinkOptions {
  // Create the table (key event_id, on-demand billing) when the sink starts, if it is missing.
  // Default: false (the table is provisioned as the seed says).
  bool create_table = false;

  // Decision records read from the store per round; the cursor is saved once a round.
  // Default: 500. Must be at least 1.
  size_t round_records = 500;

  // First wait after a failure; each further failure doubles it, up to max_backoff. The wait is
  // drawn uniformly from [0, that] (full jitter). Defaults: 100 ms and 10 s.
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{10'000};

  // How often an idle sink looks for records even without Notify(). Default: 1 s.
  std::chrono::milliseconds poll_interval{1'000};
};

class DynamoDbSink {
 public:
  // `store`, `metrics` and `clock` are not owned and must outlive the sink.
  DynamoDbSink(DynamoDbSinkOptions options, DynamoDbClient client, store::Store& store,
               SinkMetrics& metrics, const Clock& clock);
  ~DynamoDbSink();
  DynamoDbSink(const DynamoDbSink&) = delete;
  DynamoDbSink& operator=(const DynamoDbSink&) = delete;

  // Loads the export cursor and starts the thread. Fails (starting nothing) when the cursor
  // cannot be read.
  Status Start();

  // New records were committed: look now rather than at the next poll. Cheap; never blocks for
  // long.
  void Notify();

  // Stops the thread, waiting for a call in flight to finish or time out. Records not yet
  // delivered stay in the outbox for the next start. Idempotent.
  void Stop();

  // The name of this sink's export cursor: one per endpoint and table, so pointing the sink at
  // another table starts over from the first decision.
  static std::string CursorName(const DynamoDbTable& table);

 private:
  void Run();
  // Delivers the records after the cursor, at most one round; false when there were none.
  bool DeliverRound();
  // Writes `items` until all are acknowledged; false when stopping first.
  bool WriteChunk(std::vector<boost::json::object> items, size_t omitted);
  // Reads the outbox's size and its oldest record's time into the metrics.
  void RefreshOutbox();
  // Waits the next backoff after the `attempt`-th consecutive failure; false when stopping.
  bool Backoff(int attempt);
  // Waits until `timeout`, Notify() (when `wake_on_notify`) or Stop(); false when stopping.
  bool Wait(std::chrono::milliseconds timeout, bool wake_on_notify);
  void NoteFailure(const std::string& what, const std::string& kind, const std::string& message);
  void NoteSuccess();

  const DynamoDbSinkOptions options_;
  const DynamoDbClient client_;
  const std::string cursor_name_;
  store::Store& store_;
  SinkMetrics& metrics_;
  const Clock& clock_;

  int64_t cursor_ = 0;           // sink thread only (and Start before it runs)
  int64_t failure_streak_ = 0;   // consecutive failed calls, for the log
  std::mt19937_64 jitter_{std::random_device{}()};

  std::mutex mu_;
  std::condition_variable wake_;
  bool notified_ = false;  // under mu_
  bool stopping_ = false;  // under mu_
  std::thread thread_;
};

}  // namespace vigil::sink
