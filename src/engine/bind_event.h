// BindEvent: an event's untyped fields checked against its event type and turned into typed
// values, one per variable slot, and entity ids. The single place where a request's fields meet
// the catalog: Decide() binds with it, and so does storing an event without deciding it
// (POST /events/{event_type}), so both accept and refuse exactly the same fields.
// Pure CPU, thread-safe.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/decision.h"
#include "engine/snapshot.h"

namespace vigil::engine {

struct BoundEvent {
  std::vector<Entity> entities;      // one per entity type of the event type, in its order
  std::vector<Value> values;         // by variable slot
  std::vector<ValueSource> sources;  // by variable slot
};

// Every field must be an entity id ("<entity_type>_id", a string id; "unknown" when absent) or an
// EVENT variable of `event_type`, coercible to its data type. A variable not given takes its
// default value (source DEFAULT). Derived variables are then computed from those values and
// `event_micros`, the event's time (source DERIVED; null when the expression is), except those
// that read aggregates. Model score, aggregate and those derived slots stay null (sources
// MODEL_SCORE, AGGREGATE, DERIVED: Decide fills the aggregates in afterwards, then
// DeriveFromAggregates).
// Errors are InvalidArgument naming the field: an undeclared field (the message lists what the
// event type declares), a model score, aggregate or derived variable, a value that does not
// coerce, a malformed id.
Result<BoundEvent> BindEvent(const std::vector<std::pair<std::string, Value>>& fields,
                             const CompiledEventType& event_type, int64_t event_micros);

// The derived variables that read aggregates, computed into `values` (by slot, the aggregates'
// slots filled in as EventAggregates::Update leaves them) at the event's time: what Decide does
// after counting an event, and what training reads (engine/event_history.h).
void DeriveFromAggregates(const CompiledEventType& event_type, std::span<Value> values,
                          int64_t event_micros);

// The event variables (data source EVENT) of a bound event as a JSON object text, in declaration
// order: {"transaction_amount": 1000.0, "ip_address": "123.45.67.89"}. What a stored event keeps.
std::string EventVariablesJson(const CompiledEventType& event_type,
                               const std::vector<Value>& values);

}  // namespace vigil::engine
