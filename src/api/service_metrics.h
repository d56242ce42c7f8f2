// The service's Prometheus metrics (GET /metrics): requests by route and status, request latency,
// decisions by detector and outcome, rule matches by rule, replays, stored events and label
// updates by event type, requests refused by a rate limit, store commit latency and batch size. Thread-safe; the hot paths touch only
// pre-registered series or lock-free counters.
#pragma once

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "core/metrics.h"
#include "engine/decision.h"

namespace vigil::api {

// How an event came to be stored: with its decision (event ingestion) or sent on its own.
enum class StoredEventSource { kDetect, kSendEvent };

class ServiceMetrics {
 public:
  explicit ServiceMetrics(metrics::Registry& registry);

  void ObserveRequest(const std::string& route, unsigned status, double seconds);
  // A committed decision: by detector and first outcome, and each matched rule.
  void RecordDecision(const engine::Decision& decision);
  void RecordReplay();
  // An event durably stored (a replaced one counts again).
  void RecordStoredEvent(std::string_view event_type, StoredEventSource source);
  // A label durably set on a stored event by a label update.
  void RecordLabelUpdate(std::string_view event_type, std::string_view label);
  // A request refused by the rate limit of `caller` (a key name, or a client address).
  void RecordRateLimited(std::string_view caller);
  void ObserveCommit(size_t batch_size, int64_t commit_micros);

  metrics::Registry& registry() { return registry_; }

 private:
  metrics::Registry& registry_;
  metrics::CounterFamily& requests_;
  metrics::HistogramFamily& latency_;
  metrics::CounterFamily& decisions_;
  metrics::CounterFamily& rule_matches_;
  metrics::Counter& replays_;
  metrics::CounterFamily& stored_events_;
  metrics::CounterFamily& label_updates_;
  metrics::CounterFamily& rate_limited_;
  metrics::Histogram& commit_latency_;
  metrics::Histogram& commit_batch_;
};

}  // namespace vigil::api
