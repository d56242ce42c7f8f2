// DecisionRow: the store's row for a decision — the seed's table columns plus the full record as
// JSON (engine/decision_record.h). The one mapping from engine::Decision to store::DecisionRecord,
// used by POST /detect and by the store benchmark. When the event type has event ingestion
// ENABLED, the row carries the decided event (api/event_row.h), stored in the record's
// transaction.
#pragma once

#include "engine/decide.h"
#include "store/store.h"

namespace vigil::api {

// The row to append for `decision`; seq and the hashes are the store's to set.
store::DecisionRecord DecisionRow(const engine::Decision& decision);

}  // namespace vigil::api
