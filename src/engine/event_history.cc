#include "engine/event_history.h"

#include "engine/bind_event.h"

namespace vigil::engine {

namespace {

std::vector<std::string_view> EntityIds(const BoundEvent& bound) {
  std::vector<std::string_view> ids;
  ids.reserve(bound.entities.size());
  for (const Entity& entity : bound.entities) ids.push_back(entity.entity_id);
  return ids;
}

}  // namespace

Result<BoundHistoryEvent> BindHistoryEvent(const CompiledEventType& event_type,
                                           const HistoryEvent& event) {
  VIGIL_TRY(bound, BindEvent(*event.fields, event_type, event.event_micros));
  return BoundHistoryEvent{std::string(event.event_id), event.event_micros, std::move(bound)};
}

void CountBoundEvent(const CompiledEventType& event_type, const BoundHistoryEvent& event,
                     std::span<const rules::ListValues* const> lists, int64_t now_micros) {
  std::vector<Value> values = event.bound.values;  // Update writes the aggregates' slots
  std::vector<AggregateUpdate> updates;
  event_type.aggregates.Update(event.event_id, event.event_micros, EntityIds(event.bound), values,
                               lists, now_micros, updates);
}

void LabelBoundEvent(const CompiledEventType& event_type, const BoundHistoryEvent& event,
                     std::string_view label) {
  event_type.aggregates.Label(event.event_id, event.event_micros, EntityIds(event.bound),
                              event.bound.values, label);
}

Status CountHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::span<const rules::ListValues* const> lists, int64_t now_micros) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, BindHistoryEvent(event_type, event));
  CountBoundEvent(event_type, bound, lists, now_micros);
  return {};
}

Status LabelHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::string_view label) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, BindHistoryEvent(event_type, event));
  LabelBoundEvent(event_type, bound, label);
  return {};
}

Status ForgetHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, BindHistoryEvent(event_type, event));
  event_type.aggregates.Erase(bound.event_id, bound.event_micros, EntityIds(bound.bound),
                              bound.bound.values);
  return {};
}

}  // namespace vigil::engine
