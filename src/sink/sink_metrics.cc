#include "sink/sink_metrics.h"

namespace vigil::sink {

SinkMetrics::SinkMetrics(metrics::Registry& registry, const Clock& clock)
    : written_(registry.AddCounter("vigil_dynamodb_items_written_total",
                                   "Decisions the DynamoDB table acknowledged")),
      omitted_(registry.AddCounter(
          "vigil_dynamodb_records_omitted_total",
          "Decisions written without their record, which would exceed the item size limit")),
      failures_(registry.AddCounterFamily("vigil_dynamodb_failures_total",
                                          "Failed DynamoDB calls by kind", {"kind"})),
      retries_(registry.AddCounter("vigil_dynamodb_retries_total",
                                   "DynamoDB calls repeated after a failure or for unprocessed items")),
      unprocessed_(registry.AddCounter("vigil_dynamodb_unprocessed_items_total",
                                       "Items DynamoDB returned as UnprocessedItems")),
      exported_seq_(registry.AddGauge(
          "vigil_dynamodb_exported_seq",
          "Export cursor: every decision up to this seq is in the DynamoDB table")),
      last_success_(registry.AddGauge("vigil_dynamodb_last_success_timestamp_seconds",
                                      "When the DynamoDB table last acknowledged a write")) {
  registry.AddGaugeCallback(
      "vigil_dynamodb_outbox_decisions", "Decisions committed and not yet in the DynamoDB table",
      [state = state_] { return static_cast<double>(state->pending.load()); });
  registry.AddGaugeCallback(
      "vigil_dynamodb_outbox_oldest_age_seconds",
      "Age of the oldest decision not yet in the DynamoDB table (0 when none)",
      [state = state_, &clock] {
        if (state->pending.load() == 0) return 0.0;
        const int64_t age = clock.NowMicros() - state->oldest_micros.load();
        return age > 0 ? static_cast<double>(age) / 1e6 : 0.0;
      });
}

void SinkMetrics::RecordWritten(size_t items, size_t omitted_records) {
  written_.Inc(items);
  omitted_.Inc(omitted_records);
}

void SinkMetrics::RecordFailure(std::string_view kind) { failures_.WithLabels({kind}).Inc(); }

void SinkMetrics::RecordRetry() { retries_.Inc(); }

void SinkMetrics::RecordUnprocessed(size_t items) { unprocessed_.Inc(items); }

void SinkMetrics::SetOutbox(int64_t exported_seq, int64_t pending, int64_t oldest_micros) {
  exported_seq_.Set(static_cast<double>(exported_seq));
  state_->oldest_micros.store(oldest_micros);
  state_->pending.store(pending);
}

void SinkMetrics::SetLastSuccess(int64_t micros) {
  last_success_.Set(static_cast<double>(micros) / 1e6);
}

}  // namespace vigil::sink
