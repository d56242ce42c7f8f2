#include "engine/decide.h"

#include <algorithm>

#include "core/names.h"

namespace vigil::engine {

const char* ValueSourceName(ValueSource source) {
  switch (source) {
    case ValueSource::kEvent: return "EVENT";
    case ValueSource::kDefault: return "DEFAULT";
    case ValueSource::kModelScore: return "MODEL_SCORE";
    case ValueSource::kAggregate: return "AGGREGATE";
  }
  return "EVENT";
}

namespace {

Error UnknownField(const std::string& field, const CompiledEventType& e) {
  std::string known;
  for (const auto& name : e.event_type->variables) known += (known.empty() ? "" : ", ") + name;
  for (const auto& name : e.entity_fields) known += ", " + name;
  return Error{ErrorCode::kInvalidArgument,
               "unknown field '" + field + "': event type '" + e.event_type->name +
                   "' declares " + known,
               field};
}

// Fills entity ids and typed variable values from the event's fields.
Status BindFields(const EventInput& input, const CompiledEventType& e, Decision& d) {
  const size_t n = e.slots.size();
  d.values.assign(n, Value());
  d.sources.assign(n, ValueSource::kDefault);
  std::vector<bool> given(n, false);
  d.entities.clear();
  for (size_t i = 0; i < e.entity_fields.size(); ++i) {
    d.entities.push_back(Entity{e.event_type->entity_types[i], "unknown"});
  }
  for (const auto& [field, raw] : input.fields) {
    auto entity = std::ranges::find(e.entity_fields, field);
    if (entity != e.entity_fields.end()) {
      auto text = Coerce(raw, DataType::kString);
      if (!text || raw.is_null()) {
        return Fail(ErrorCode::kInvalidArgument, field + " must be a string id", field);
      }
      VIGIL_CHECK(ValidateEntityId(text->string(), field));
      d.entities[entity - e.entity_fields.begin()].entity_id = text->string();
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
    auto value = Coerce(raw, v.data_type);
    if (!value) return Fail(ErrorCode::kInvalidArgument, field + ": " + value.error().message, field);
    d.values[slot->second] = std::move(*value);
    d.sources[slot->second] = ValueSource::kEvent;
    given[slot->second] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (given[i]) continue;
    const VariableSlot& slot = e.slots[i];
    if (slot.variable->data_source == catalog::DataSource::kModelScore) {
      d.sources[i] = ValueSource::kModelScore;  // null until a model scores
    } else if (slot.variable->data_source == catalog::DataSource::kAggregate) {
      d.sources[i] = ValueSource::kAggregate;  // computed next, from the windows
    } else {
      d.values[i] = slot.default_value;
    }
  }
  return {};
}

void EvaluateRules(const CompiledVersion& v, const rules::EvalContext& context, Decision& d) {
  const bool first_only = v.version->execution_mode == catalog::ExecutionMode::kFirstMatched;
  d.evaluated.reserve(v.rules.size());
  for (const CompiledRule* rule : v.rules) {
    const bool matched = rule->program->Evaluate(context);
    d.evaluated.push_back(
        RuleEvaluation{rule->rule, matched, rule->program->ExpressionWithValues(context)});
    if (!matched) continue;
    for (const auto& outcome : rule->rule->outcomes) {
      if (std::ranges::find(d.outcomes, outcome) == d.outcomes.end()) d.outcomes.push_back(outcome);
    }
    if (first_only) break;
  }
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

}  // namespace

void UndoAggregates(Decision& decision) {
  if (decision.version == nullptr || decision.aggregate_updates.empty()) return;
  decision.version->event_type->aggregates.Undo(decision.aggregate_updates);
  decision.aggregate_updates.clear();
}

Result<Decision> Decide(const SnapshotPtr& snapshot, const EventInput& input, int64_t now_micros) {
  VIGIL_TRY(version, snapshot->Resolve(input.detector_id, input.detector_version));
  Decision d;
  d.snapshot = snapshot;
  d.version = version;
  d.event_id = input.event_id;
  d.decided_micros = now_micros;
  d.event_micros = input.event_micros.value_or(now_micros);
  VIGIL_CHECK(BindFields(input, *version->event_type, d));
  const EventAggregates& aggregates = version->event_type->aggregates;
  if (!aggregates.empty()) {
    std::vector<std::string_view> entity_ids;
    entity_ids.reserve(d.entities.size());
    for (const Entity& entity : d.entities) entity_ids.push_back(entity.entity_id);
    aggregates.Update(d.event_id, d.event_micros, entity_ids, d.values, snapshot->lists(),
                      now_micros, d.aggregate_updates);
  }

  rules::EvalContext context{d.values, snapshot->lists(), now_micros};
  EvaluateRules(*version, context, d);

  if (d.outcomes.empty() && !version->version->default_outcome.empty()) {
    d.outcomes.push_back(version->version->default_outcome);
  }
  d.fraud_label = d.outcomes.empty() ? "LEGIT" : Upper(d.outcomes.front());
  return d;
}

}  // namespace vigil::engine
