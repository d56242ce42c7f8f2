#include "cli/aggregate_rebuild.h"

#include <chrono>
#include <memory>
#include <limits>
#include <tuple>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "api/event_row.h"
#include "core/log.h"
#include "engine/event_history.h"

namespace vigil::cli {

namespace {

// A stored label waiting for its time to come in the replay.
struct PendingLabel {
  int64_t label_micros;
  int64_t order;  // ties: the order the events were replayed in
  std::shared_ptr<const engine::BoundHistoryEvent> event;  // shared: the heap moves entries
  std::string label;
  bool operator>(const PendingLabel& other) const {
    return std::tie(label_micros, order) > std::tie(other.label_micros, other.order);
  }
};

using LabelQueue =
    std::priority_queue<PendingLabel, std::vector<PendingLabel>, std::greater<PendingLabel>>;

constexpr int64_t kProgressEvery = 1'000'000;

// Applies the queued labels known by `until` (all of them when until is max).
void ApplyLabels(const engine::CompiledEventType& event_type, LabelQueue& labels, int64_t until,
                 RebuildReport& report) {
  while (!labels.empty() && labels.top().label_micros <= until) {
    const PendingLabel& p = labels.top();
    engine::LabelBoundEvent(event_type, *p.event, p.label);
    ++report.labels;
    labels.pop();
  }
}

Status Rebuild(store::Store& store, const engine::Snapshot& snapshot,
               const engine::CompiledEventType& event_type, int64_t now_micros,
               RebuildReport& report) {
  const std::string& name = event_type.event_type->name;
  LabelQueue labels;
  int64_t order = 0;
  log::Info("rebuilding aggregates from the stored events", {{"event_type", name}});
  VIGIL_CHECK(store.ScanEvents(name, [&](const store::StoredEvent& event) -> Status {
    ApplyLabels(event_type, labels, event.event_micros, report);
    auto fields = api::EventFields(event);
    if (!fields) {
      ++report.skipped;
      return {};
    }
    auto bound = engine::BindHistoryEvent(event_type,
                                          {event.event_id, event.event_micros, &*fields});
    if (!bound) {
      ++report.skipped;
      return {};
    }
    engine::CountBoundEvent(event_type, *bound, snapshot.lists(), now_micros);
    if (++report.events % kProgressEvery == 0) {
      log::Info("rebuilding aggregates", {{"event_type", name}, {"events", report.events}});
    }
    if (event.label && event.label_micros) {
      labels.push({*event.label_micros, order++,
                   std::make_shared<const engine::BoundHistoryEvent>(std::move(*bound)),
                   *event.label});
    }
    return {};
  }));
  ApplyLabels(event_type, labels, std::numeric_limits<int64_t>::max(), report);
  event_type.aggregates.MarkRebuilt();
  return {};
}

}  // namespace

Result<RebuildReport> RebuildAggregates(store::Store& store, const engine::Snapshot& snapshot,
                                        const std::vector<std::string>& event_types,
                                        int64_t now_micros) {
  RebuildReport report;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& name : event_types) {
    const engine::CompiledEventType* event_type = snapshot.FindEventType(name);
    if (event_type == nullptr || event_type->aggregates.empty()) continue;
    VIGIL_CHECK(Rebuild(store, snapshot, *event_type, now_micros, report));
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!event_types.empty()) {
    log::Info("aggregates rebuilt", {{"events", report.events},
                                     {"labels", report.labels},
                                     {"skipped", report.skipped},
                                     {"seconds", report.seconds}});
  }
  return report;
}

}  // namespace vigil::cli
