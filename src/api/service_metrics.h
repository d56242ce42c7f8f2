// The service's Prometheus metrics (GET /metrics): requests by route and status, request latency,
// decisions by detector and outcome, rule matches by rule, replays, requests refused by a rate
// limit, store commit latency and batch size. Thread-safe; the hot paths touch only
// pre-registered series or lock-free counters.
#pragma once

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "core/metrics.h"
#include "engine/decision.h"

namespace vigil::api {

class ServiceMetrics {
 public:
  explicit ServiceMetrics(metrics::Registry& registry);

  void ObserveRequest(const std::string& route, unsigned status, double seconds);
  // A committed decision: by detector and first outcome, and each matched rule.
  void RecordDecision(const engine::Decision& decision);
  void RecordReplay();
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
  metrics::CounterFamily& rate_limited_;
  metrics::Histogram& commit_latency_;
  metrics::Histogram& commit_batch_;
};

}  // namespace vigil::api
