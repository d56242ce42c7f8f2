// The DynamoDB sink's Prometheus series, registered in the service's registry (GET /metrics):
//   vigil_dynamodb_items_written_total           items the table acknowledged
//   vigil_dynamodb_records_omitted_total         of those, written without `record` (too large)
//   vigil_dynamodb_failures_total{kind}          failed calls by kind (DynamoDbError::kind)
//   vigil_dynamodb_retries_total                 calls repeated after a failure or for
//                                                unprocessed items
//   vigil_dynamodb_unprocessed_items_total       items DynamoDB returned as UnprocessedItems
//   vigil_dynamodb_outbox_decisions              decisions committed and not yet exported
//   vigil_dynamodb_outbox_oldest_age_seconds     age of the oldest of them (0 when none)
//   vigil_dynamodb_exported_seq                  the export cursor: every decision up to this
//                                                seq is in the table
//   vigil_dynamodb_last_success_timestamp_seconds when the table last acknowledged a write
//
// Thread-safety: every method may be called from any thread. The gauges read at scrape time keep
// their state alive themselves, so scrapes stay safe after the sink is gone.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/clock.h"
#include "core/metrics.h"

namespace vigil::sink {

class SinkMetrics {
 public:
  // `clock` (not owned) must outlive `registry`'s last scrape; SystemClock::Instance() does.
  SinkMetrics(metrics::Registry& registry, const Clock& clock);

  void RecordWritten(size_t items, size_t omitted_records);
  void RecordFailure(std::string_view kind);
  void RecordRetry();
  void RecordUnprocessed(size_t items);
  // The outbox as the sink last saw it: `pending` decisions after the cursor, the oldest decided
  // at `oldest_micros` (ignored when pending is 0).
  void SetOutbox(int64_t exported_seq, int64_t pending, int64_t oldest_micros);
  void SetLastSuccess(int64_t micros);

 private:
  struct State {
    std::atomic<int64_t> pending{0};
    std::atomic<int64_t> oldest_micros{0};
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
  metrics::Counter& written_;
  metrics::Counter& omitted_;
  metrics::CounterFamily& failures_;
  metrics::Counter& retries_;
  metrics::Counter& unprocessed_;
  metrics::Gauge& exported_seq_;
  metrics::Gauge& last_success_;
};

}  // namespace vigil::sink
