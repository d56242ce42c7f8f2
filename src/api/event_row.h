// A stored event's two mappings: from a bound event (engine/bind_event.h) to the store's row,
// shared by /detect's event ingestion and POST /events; and from the row to the JSON the API
// answers with.
//
// A stored event has one entity: the first entity type of its event type (AFD's event types
// have one), with the id the event gave for it or "unknown".
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/decision.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace vigil::api {

// The row for event `event_id` of `event_type`, with its variables typed (EVENT variables only,
// defaults filled in) and no label; stored_micros is the store's to set.
store::StoredEvent EventRow(const engine::CompiledEventType& event_type, std::string event_id,
                            int64_t event_micros, const std::vector<engine::Entity>& entities,
                            const std::vector<Value>& values);

// {"event_type", "event_id", "entity_type", "entity_id", "event_timestamp", "variables": {...},
//  "label", "label_timestamp", "stored"}; label and label_timestamp are null until labelled.
// kInternal when the stored variables are not a JSON object.
Result<boost::json::object> EventJson(const store::StoredEvent& event);

// The stored event's fields as an event body carries them, for binding it again
// (engine/event_history.h): its entity id as "<entity_type>_id" and each stored variable.
// kInternal when the stored variables are not a JSON object of scalars.
Result<std::vector<std::pair<std::string, Value>>> EventFields(const store::StoredEvent& event);
// The same into `fields`, reusing its storage (a rebuild reads millions of events).
Status EventFields(const store::StoredEvent& event,
                   std::vector<std::pair<std::string, Value>>& fields);

}  // namespace vigil::api
