#include "engine/event_history.h"

#include "engine/bind_event.h"

namespace vigil::engine {

namespace {

// The bound event and its entity ids as the aggregates take them.
struct Bound {
  BoundEvent event;
  std::vector<std::string_view> entity_ids;
};

Result<Bound> Bind(const CompiledEventType& event_type, const HistoryEvent& event) {
  VIGIL_TRY(bound, BindEvent(*event.fields, event_type));
  Bound out{std::move(bound), {}};
  for (const Entity& entity : out.event.entities) out.entity_ids.push_back(entity.entity_id);
  return out;
}

}  // namespace

Status CountHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::span<const rules::ListValues* const> lists, int64_t now_micros) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, Bind(event_type, event));
  std::vector<AggregateUpdate> updates;
  event_type.aggregates.Update(event.event_id, event.event_micros, bound.entity_ids,
                               bound.event.values, lists, now_micros, updates);
  return {};
}

Status LabelHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::string_view label) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, Bind(event_type, event));
  event_type.aggregates.Label(event.event_id, event.event_micros, bound.entity_ids,
                              bound.event.values, label);
  return {};
}

Status ForgetHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, Bind(event_type, event));
  event_type.aggregates.Erase(event.event_id, event.event_micros, bound.entity_ids,
                              bound.event.values);
  return {};
}

}  // namespace vigil::engine
