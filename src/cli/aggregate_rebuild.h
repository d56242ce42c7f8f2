// Rebuilding the aggregates from the stored events: at start (the windows live in memory only)
// and after a catalog change that added or changed an aggregate (its windows start empty).
//
// For every event type whose aggregates need it, the stored events are replayed in time order,
// each stored label at its label time (training/history_replay.h). Afterwards every value is what live
// traffic left it at: the windows hold a set of events, not a sequence (features/keyed_windows.h).
// A stored event that no longer fits its event type (a variable since removed) is skipped and
// counted; it does not stop the rebuild. Progress and the result are logged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace vigil::cli {

struct RebuildReport {
  int64_t events = 0;   // replayed into the windows
  int64_t labels = 0;   // applied
  int64_t skipped = 0;  // stored events that no longer bind to their event type
  double seconds = 0;
};

// Rebuilds the aggregates of `event_types` (each an event type of `snapshot`), whether or not
// they need it (a second pass adds only what the first missed). Store errors stop it; the
// windows then stay marked incomplete, so a later call tries again.
Result<RebuildReport> RebuildAggregates(store::Store& store, const engine::Snapshot& snapshot,
                                        const std::vector<std::string>& event_types);

}  // namespace vigil::cli
