// Events of history — stored without being decided here (SendEvent, an import, a rebuild at
// start) — and labels, as they change the aggregates of their event type. What Decide does to
// the windows for a decided event, without deciding: the event's fields are bound exactly as
// Decide binds them (engine/bind_event.h), so a stored event and a decided one count alike.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/bind_event.h"
#include "engine/snapshot.h"

namespace vigil::engine {

// A stored event: its id, time and fields (the entity id as "<entity_type>_id" and the event
// variables), as Decide's EventInput carries them.
struct HistoryEvent {
  std::string_view event_id;
  int64_t event_micros = 0;
  const std::vector<std::pair<std::string, Value>>* fields = nullptr;
};

// The event bound to its event type once, for callers that count it and label it later (a
// rebuild): the binding's error when its fields do not fit the event type as it is now.
struct BoundHistoryEvent {
  std::string event_id;
  int64_t event_micros = 0;
  BoundEvent bound;
};
Result<BoundHistoryEvent> BindHistoryEvent(const CompiledEventType& event_type,
                                           const HistoryEvent& event);

// Counts and labels bound events in the aggregates' windows, as CountHistoryEvent and
// LabelHistoryEvent do, reusing its scratch space from event to event (a rebuild replays millions
// of them). One owner at a time.
class HistoryReplayer {
 public:
  explicit HistoryReplayer(const CompiledEventType& event_type) : event_type_(&event_type) {}

  void Count(const BoundHistoryEvent& event, std::span<const rules::ListValues* const> lists);
  // Count, and the event's values by slot with its aggregates, and the derived variables that
  // read them, as Decide would have read them (what training learns from). Valid until the next call.
  std::span<const Value> CountAndRead(const BoundHistoryEvent& event,
                                      std::span<const rules::ListValues* const> lists);
  void Label(const BoundHistoryEvent& event, std::string_view label);

 private:
  std::span<const std::string_view> EntityIds(const BoundHistoryEvent& event);

  const CompiledEventType* event_type_;
  std::array<Value, features::KeyedWindows::kMaxAggregates> out_;  // a group's aggregates
  std::vector<std::string_view> entity_ids_;
  std::vector<AggregateUpdate> updates_;
  std::vector<Value> values_;  // CountAndRead's
};

// Adds the event to the aggregates' windows (nothing when the event type has none). The
// binding's error (an undeclared field, a value of the wrong type) when the fields do not fit
// the event type as it is now.
Status CountHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::span<const rules::ListValues* const> lists);

// The event now carries `label`: the fraud counts of the windows that hold it follow.
Status LabelHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::string_view label);

// The event was deleted: no window counts it any more.
Status ForgetHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event);

}  // namespace vigil::engine
