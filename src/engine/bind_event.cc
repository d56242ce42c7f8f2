#include "engine/bind_event.h"

#include <algorithm>

#include "core/json_writer.h"
#include "core/names.h"

namespace vigil::engine {

namespace {

Error UnknownField(const std::string& field, const CompiledEventType& e) {
  std::string known;
  for (const auto& name : e.event_type->variables) known += (known.empty() ? "" : ", ") + name;
  for (const auto& name : e.entity_fields) known += ", " + name;
  return Error{
      ErrorCode::kInvalidArgument,
      "unknown field '" + field + "': event type '" + e.event_type->name + "' declares " + known,
      field};
}

// The event's time is also "now" for a derived expression: it must not read the clock.
void Derive(const CompiledEventType& e, std::span<const DerivedSlot> derived,
            std::span<Value> values, int64_t event_micros) {
  const rules::EvalContext context{values, {}, event_micros, event_micros};
  for (const DerivedSlot& d : derived) {
    Value value = d.program->EvaluateValue(context);
    auto typed = Coerce(value, e.slots[d.slot].variable->data_type);  // INTEGER to FLOAT
    values[d.slot] = typed ? std::move(*typed) : Value::Null();
  }
}

}  // namespace

Result<BoundEvent> BindEvent(const std::vector<std::pair<std::string, Value>>& fields,
                             const CompiledEventType& e, int64_t event_micros) {
  const size_t n = e.slots.size();
  BoundEvent bound;
  bound.values.assign(n, Value());
  bound.sources.assign(n, ValueSource::kDefault);
  std::vector<bool> given(n, false);
  for (size_t i = 0; i < e.entity_fields.size(); ++i) {
    bound.entities.push_back(Entity{e.event_type->entity_types[i], "unknown"});
  }
  for (const auto& [field, raw] : fields) {
    auto entity = std::ranges::find(e.entity_fields, field);
    if (entity != e.entity_fields.end()) {
      auto text = Coerce(raw, DataType::kString);
      if (!text || raw.is_null()) {
        return Fail(ErrorCode::kInvalidArgument, field + " must be a string id", field);
      }
      VIGIL_CHECK(ValidateEntityId(text->string(), field));
      bound.entities[entity - e.entity_fields.begin()].entity_id = text->string();
      continue;
    }
    auto slot = e.slot_of.find(field);
    if (slot == e.slot_of.end()) return std::unexpected(UnknownField(field, e));
    const catalog::Variable& v = *e.slots[slot->second].variable;
    if (v.data_source == catalog::DataSource::kModelScore) {
      return Fail(ErrorCode::kInvalidArgument,
                  field + " is a model score; models compute it, events cannot set it", field);
    }
    if (v.data_source == catalog::DataSource::kAggregate) {
      return Fail(ErrorCode::kInvalidArgument,
                  field + " is an aggregate of earlier events; Vigil computes it, events cannot "
                          "set it",
                  field);
    }
    if (v.data_source == catalog::DataSource::kDerived) {
      return Fail(ErrorCode::kInvalidArgument,
                  field + " is derived from the event's other variables (" +
                      v.derived->expression + "); Vigil computes it, events cannot set it",
                  field);
    }
    auto value = Coerce(raw, v.data_type);
    if (!value) {
      return Fail(ErrorCode::kInvalidArgument, field + ": " + value.error().message, field);
    }
    bound.values[slot->second] = std::move(*value);
    bound.sources[slot->second] = ValueSource::kEvent;
    given[slot->second] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (given[i]) continue;
    const VariableSlot& slot = e.slots[i];
    if (slot.variable->data_source == catalog::DataSource::kModelScore) {
      bound.sources[i] = ValueSource::kModelScore;  // null until a model scores
    } else if (slot.variable->data_source == catalog::DataSource::kAggregate) {
      bound.sources[i] = ValueSource::kAggregate;  // computed by Decide, from the windows
    } else if (slot.variable->data_source == catalog::DataSource::kDerived) {
      bound.sources[i] = ValueSource::kDerived;  // computed below
    } else {
      bound.values[i] = slot.default_value;
    }
  }
  Derive(e, e.derived, bound.values, event_micros);
  return bound;
}

void DeriveFromAggregates(const CompiledEventType& e, std::span<Value> values,
                          int64_t event_micros) {
  Derive(e, e.derived_from_aggregates, values, event_micros);
}

std::string EventVariablesJson(const CompiledEventType& e, const std::vector<Value>& values) {
  std::string out;
  json::JsonWriter writer(out);
  writer.BeginObject();
  for (size_t i = 0; i < e.slots.size() && i < values.size(); ++i) {
    const catalog::Variable& v = *e.slots[i].variable;
    if (v.data_source != catalog::DataSource::kEvent) continue;
    writer.Key(v.name).Write(values[i]);
  }
  writer.EndObject();
  return out;
}

}  // namespace vigil::engine
