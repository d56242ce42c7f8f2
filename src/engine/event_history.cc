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

std::span<const std::string_view> HistoryReplayer::EntityIds(const BoundHistoryEvent& event) {
  entity_ids_.clear();
  for (const Entity& entity : event.bound.entities) entity_ids_.push_back(entity.entity_id);
  return entity_ids_;
}

void HistoryReplayer::Count(const BoundHistoryEvent& event,
                            std::span<const rules::ListValues* const> lists) {
  // Group by group, each writing its aggregates into the scratch: nothing reads them.
  const auto ids = EntityIds(event);
  for (size_t g = 0; g < event_type_->aggregates.groups().size(); ++g) {
    updates_.clear();
    event_type_->aggregates.UpdateGroup(g, event.event_id, event.event_micros, ids,
                                        event.bound.values, lists, out_, updates_);
  }
}

std::span<const Value> HistoryReplayer::CountAndRead(
    const BoundHistoryEvent& event, std::span<const rules::ListValues* const> lists) {
  values_.assign(event.bound.values.begin(), event.bound.values.end());
  updates_.clear();
  event_type_->aggregates.Update(event.event_id, event.event_micros, EntityIds(event), values_,
                                 lists, updates_);
  DeriveFromAggregates(*event_type_, values_, event.event_micros);
  return values_;
}

void HistoryReplayer::Label(const BoundHistoryEvent& event, std::string_view label) {
  event_type_->aggregates.Label(event.event_id, event.event_micros, EntityIds(event),
                                event.bound.values, label);
}

Status CountHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::span<const rules::ListValues* const> lists) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, BindHistoryEvent(event_type, event));
  std::vector<Value> values = bound.bound.values;  // Update writes the aggregates' slots
  std::vector<AggregateUpdate> updates;
  event_type.aggregates.Update(bound.event_id, bound.event_micros, EntityIds(bound.bound), values,
                               lists, updates);
  return {};
}

Status LabelHistoryEvent(const CompiledEventType& event_type, const HistoryEvent& event,
                         std::string_view label) {
  if (event_type.aggregates.empty()) return {};
  VIGIL_TRY(bound, BindHistoryEvent(event_type, event));
  event_type.aggregates.Label(bound.event_id, bound.event_micros, EntityIds(bound.bound),
                              bound.bound.values, label);
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
