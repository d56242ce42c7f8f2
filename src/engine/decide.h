// Decide(): the heart of the engine. Pure CPU over an immutable snapshot: no I/O, no locks.
// variables (declared types, defaults) → aggregates → model scores (each model's
// $<model_id>_insightscore, Decision::model_scores; insight_score is the first model's) → rules
// (FIRST_MATCHED or ALL_MATCHED) → outcomes and fraud label. Thread-safe: any number of threads may decide at once.
#pragma once

#include "core/result.h"
#include "engine/decision.h"

namespace vigil::engine {

// Errors (nothing is decided): NotFound for an unknown detector or version; Conflict when the
// detector has no ACTIVE version; InvalidArgument naming the field for an undeclared field, a
// value that does not coerce to its declared type, or a malformed entity id.
Result<Decision> Decide(const SnapshotPtr& snapshot, const EventInput& input, int64_t now_micros);

}  // namespace vigil::engine
