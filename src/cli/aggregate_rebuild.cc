#include "cli/aggregate_rebuild.h"

#include <chrono>
#include <string>
#include <vector>

#include "training/history_replay.h"
#include "core/log.h"

namespace vigil::cli {

namespace {

constexpr int64_t kProgressEvery = 1'000'000;

Status Rebuild(store::Store& store, const engine::Snapshot& snapshot,
               const engine::CompiledEventType& event_type, RebuildReport& report) {
  const std::string& name = event_type.event_type->name;
  log::Info("rebuilding aggregates from the stored events", {{"event_type", name}});
  training::ReplayHooks hooks;
  hooks.progress_every = kProgressEvery;
  hooks.progress = [&](int64_t read) {
    log::Info("rebuilding aggregates", {{"event_type", name}, {"events", read}});
  };
  training::ReplayCounts counts;
  const Status replayed = training::ReplayStoredEvents(store, snapshot, event_type, hooks, counts);
  report.events += counts.events;
  report.labels += counts.labels;
  report.skipped += counts.skipped;
  VIGIL_CHECK(replayed);
  event_type.aggregates.MarkRebuilt();
  return {};
}

}  // namespace

Result<RebuildReport> RebuildAggregates(store::Store& store, const engine::Snapshot& snapshot,
                                        const std::vector<std::string>& event_types) {
  RebuildReport report;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& name : event_types) {
    const engine::CompiledEventType* event_type = snapshot.FindEventType(name);
    if (event_type == nullptr || event_type->aggregates.empty()) continue;
    VIGIL_CHECK(Rebuild(store, snapshot, *event_type, report));
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
