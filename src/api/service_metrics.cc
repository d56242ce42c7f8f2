#include "api/service_metrics.h"

#include <string>

namespace vigil::api {

namespace {

std::vector<double> BatchBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096}; }

}  // namespace

ServiceMetrics::ServiceMetrics(metrics::Registry& registry)
    : registry_(registry),
      requests_(registry.AddCounterFamily("vigil_http_requests_total",
                                          "HTTP requests answered, by route and status",
                                          {"route", "status"})),
      latency_(registry.AddHistogramFamily("vigil_http_request_duration_seconds",
                                           "Time from a request's arrival to its response",
                                           {"route"})),
      decisions_(registry.AddCounterFamily("vigil_decisions_total",
                                           "Committed decisions by detector and first outcome",
                                           {"detector", "outcome"})),
      rule_matches_(registry.AddCounterFamily("vigil_rule_matches_total",
                                              "Matched rules of committed decisions",
                                              {"detector", "rule"})),
      replays_(registry.AddCounter("vigil_replays_total",
                                   "Requests answered from a stored decision (event id seen before)")),
      stored_events_(registry.AddCounterFamily(
          "vigil_stored_events_total",
          "Events stored, by event type and source (detect: with its decision; send: "
          "POST /events)",
          {"event_type", "source"})),
      label_updates_(registry.AddCounterFamily("vigil_event_label_updates_total",
                                               "Labels set on stored events, by event type and label",
                                               {"event_type", "label"})),
      rate_limited_(registry.AddCounterFamily(
          "vigil_rate_limited_total",
          "Requests refused (429) by the rate limit of a key, or of a client address without keys",
          {"key"})),
      commit_latency_(registry.AddHistogram("vigil_store_commit_duration_seconds",
                                            "One group commit of the store, fsync included")),
      commit_batch_(registry.AddHistogram("vigil_store_commit_batch_size",
                                          "Writes per group commit", BatchBuckets())) {}

void ServiceMetrics::ObserveRequest(const std::string& route, unsigned status, double seconds) {
  requests_.WithLabels({route, std::to_string(status)}).Inc();
  latency_.WithLabels({route}).Observe(seconds);
}

void ServiceMetrics::RecordDecision(const engine::Decision& decision) {
  const std::string& detector = decision.version->version->detector_id;
  const std::string_view outcome =
      decision.outcomes.empty() ? std::string_view("none") : std::string_view(decision.outcomes[0]);
  decisions_.WithLabels({std::string_view(detector), outcome}).Inc();
  for (const auto& rule : decision.evaluated) {
    if (rule.matched) rule_matches_.WithLabels({std::string_view(detector), rule.rule->rule_id}).Inc();
  }
}

void ServiceMetrics::RecordReplay() { replays_.Inc(); }

void ServiceMetrics::RecordStoredEvent(std::string_view event_type, StoredEventSource source) {
  stored_events_
      .WithLabels({event_type, source == StoredEventSource::kDetect ? "detect" : "send"})
      .Inc();
}

void ServiceMetrics::RecordLabelUpdate(std::string_view event_type, std::string_view label) {
  label_updates_.WithLabels({event_type, label}).Inc();
}

void ServiceMetrics::RecordRateLimited(std::string_view caller) {
  rate_limited_.WithLabels({caller}).Inc();
}

void ServiceMetrics::ObserveCommit(size_t batch_size, int64_t commit_micros) {
  commit_latency_.Observe(static_cast<double>(commit_micros) / 1e6);
  commit_batch_.Observe(static_cast<double>(batch_size));
}

}  // namespace vigil::api
