// The example detector (examples/transaction_detector.yaml) as the engine sees it, and the seed's
// event addressed to it: the inputs of the micro benchmarks.
#pragma once

#include "engine/decision.h"
#include "engine/snapshot.h"

namespace vigil::bench {

inline constexpr const char* kSeedBody =
    R"({"event_id":"abc123","transaction_amount":12.5,"ip_address":"123.45.67.89","account_id":"user_789"})";

// The example detector applied to an empty catalog.
engine::SnapshotPtr ExampleSnapshot();

// The example detector whose ACTIVE version also scores transaction_model: `trees` trees of
// depth `depth` over transaction_amount and ip_address (3 features), trained by libxgboost on
// synthetic amounts, so that $transaction_model_insightscore is computed on every decision.
engine::SnapshotPtr ExampleSnapshotWithModel(int trees, int depth);

// kSeedBody decoded, with detector_id "transaction_detector".
engine::EventInput SeedInput();

}  // namespace vigil::bench
