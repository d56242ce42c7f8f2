#include "engine/snapshot.h"

#include <algorithm>

#include "catalog/validation.h"
#include "core/json.h"

namespace vigil::engine {

namespace {

// The derived variable's expression, compiled against `environment`; its type must be the
// variable's data type (an INTEGER expression also fits a FLOAT variable).
Result<std::shared_ptr<const rules::Program>> CompileDerived(const catalog::Variable& v,
                                                            const rules::Environment& environment) {
  auto bad = [&](const std::string& message) {
    return Fail(ErrorCode::kInvalidArgument, "derived variable '" + v.name + "': " + message,
                "derived.expression");
  };
  auto program = rules::CompileExpression(v.derived->expression, environment);
  if (!program) return bad("derived.expression: " + program.error().message);
  const rules::RuleType type = (*program)->result_type();
  const rules::RuleType declared = rules::FromDataType(v.data_type);
  const bool fits = type == declared ||
                    (declared == rules::RuleType::kFloat && type == rules::RuleType::kInteger);
  if (!fits) {
    return bad(std::string("derived.expression is ") + rules::RuleTypeName(type) +
               ", but the variable's data_type is " + DataTypeName(v.data_type));
  }
  return std::move(*program);
}

Result<CompiledEventType> CompileEventType(const catalog::Catalog& c, const catalog::EventType& e,
                                           const std::vector<std::string>& list_names,
                                           const CompiledEventType* previous) {
  CompiledEventType out;
  out.event_type = &e;
  auto add = [&](const catalog::Variable& v) -> Status {
    VariableSlot slot{&v, Value::Null()};
    if (v.default_value) {
      VIGIL_TRY(value, CoerceText(*v.default_value, v.data_type));
      slot.default_value = std::move(value);
    }
    int index = out.environment.AddVariable(v.name, v.data_type);
    out.slot_of[v.name] = index;
    out.slots.push_back(std::move(slot));
    return {};
  };
  for (const auto& name : e.variables) VIGIL_CHECK(add(c.variables.at(name)));
  // A derived variable reads the event's own variables and its aggregates, nothing else: no
  // lists, which change over time, nor other derived variables or model scores, so that its value
  // is a function of the event and its history wherever it is computed. Compiled first against
  // exactly those names, to learn which derived variables read aggregates.
  const int own_count = out.environment.variable_count();
  rules::Environment readable = out.environment;
  for (const auto& [name, v] : c.variables) {
    if (v.aggregate && v.aggregate->event_type == e.name) readable.AddVariable(name, v.data_type);
  }
  std::vector<const catalog::Variable*> from_aggregates;
  for (const auto& [name, v] : c.variables) {
    if (!v.derived || v.derived->event_type != e.name) continue;
    VIGIL_TRY(program, CompileDerived(v, readable));
    if (!program->variable_slots().empty() && program->variable_slots().back() >= own_count) {
      from_aggregates.push_back(&v);
      continue;
    }
    VIGIL_CHECK(add(v));  // its slots are the event variables', the same in `readable`
    out.derived.push_back(DerivedSlot{out.slot_of.at(v.name), std::move(program)});
  }
  // What an aggregate's filter may read: the event's own variables, the derived variables that
  // read no aggregates (same slots) and the lists.
  rules::Environment event_environment = out.environment;
  for (const auto& name : list_names) event_environment.AddList(name);
  for (const auto& [name, v] : c.variables) {
    if (v.aggregate && v.aggregate->event_type == e.name) VIGIL_CHECK(add(v));
  }
  const rules::Environment with_aggregates = out.environment;
  for (const catalog::Variable* v : from_aggregates) {
    VIGIL_TRY(program, CompileDerived(*v, with_aggregates));
    VIGIL_CHECK(add(*v));
    out.derived_from_aggregates.push_back(DerivedSlot{out.slot_of.at(v->name), std::move(program)});
  }
  for (const auto& [name, v] : c.variables) {
    if (v.data_source == catalog::DataSource::kModelScore) VIGIL_CHECK(add(v));
  }
  for (const auto& name : list_names) out.environment.AddList(name);
  VIGIL_TRY(aggregates,
            EventAggregates::Compile(c, e, out.slot_of, event_environment,
                                     previous != nullptr ? &previous->aggregates : nullptr));
  out.aggregates = std::move(aggregates);
  for (const auto& entity : e.entity_types) out.entity_fields.push_back(catalog::EntityIdField(entity));
  return out;
}

// The model version compiled against its event type; the scorer is `reuse`'s when it was built
// from the same stored text.
Result<CompiledModel> CompileModel(const catalog::Model& model, const catalog::ModelVersion& v,
                                   const CompiledEventType& event_type,
                                   const CompiledModel* reuse) {
  const std::string where = "model '" + v.model_id + "' version " + v.version;
  auto bad = [&](const Error& e) {
    return Fail(ErrorCode::kInvalidArgument, where + ": scorer: " + e.message,
                e.field.empty() ? "scorer" : "scorer." + e.field);
  };
  CompiledModel out{&model, &v, nullptr, v.scorer.text, {}, -1};
  if (reuse != nullptr && reuse->source == v.scorer.text) {
    out.scorer = reuse->scorer;
  } else {
    auto json = json::Parse(*v.scorer.text);
    if (!json) return bad(json.error());
    auto scorer = ml::ModelScorer::FromJson(*json);
    if (!scorer) return bad(scorer.error());
    out.scorer = std::make_shared<const ml::ModelScorer>(std::move(*scorer));
  }
  const auto& inputs = out.scorer->inputs();
  if (inputs.size() != v.inputs.size()) {
    return bad(Error{ErrorCode::kInvalidArgument,
                     "it has " + std::to_string(inputs.size()) + " inputs, the version lists " +
                         std::to_string(v.inputs.size()),
                     "inputs"});
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].variable() != v.inputs[i]) {
      return bad(Error{ErrorCode::kInvalidArgument,
                       "input " + std::to_string(i) + " encodes '" + inputs[i].variable() +
                           "', the version lists '" + v.inputs[i] + "'",
                       "inputs[" + std::to_string(i) + "]"});
    }
    auto slot = event_type.slot_of.find(v.inputs[i]);
    if (slot == event_type.slot_of.end()) {
      return bad(Error{ErrorCode::kInvalidArgument,
                       "'" + v.inputs[i] + "' is not a variable of '" +
                           event_type.event_type->name + "'",
                       "inputs[" + std::to_string(i) + "]"});
    }
    out.input_slots.push_back(slot->second);
  }
  auto score = event_type.slot_of.find(catalog::InsightScoreVariable(v.model_id));
  if (score == event_type.slot_of.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": its score variable " + catalog::InsightScoreVariable(v.model_id) +
                    " does not exist",
                "model_id");
  }
  out.score_slot = score->second;
  return out;
}

}  // namespace

bool CompiledEventType::ReadsHistory(int slot) const {
  if (slots[static_cast<size_t>(slot)].variable->data_source == catalog::DataSource::kAggregate) {
    return true;
  }
  return std::ranges::any_of(derived_from_aggregates,
                             [slot](const DerivedSlot& d) { return d.slot == slot; });
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Build(catalog::CatalogPtr catalog,
                                                        const Snapshot* previous) {
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->catalog_ = std::move(catalog);
  const catalog::Catalog& c = *s->catalog_;

  std::vector<std::string> list_names;
  for (const auto& [name, list] : c.lists) {
    list_names.push_back(name);
    s->list_values_.push_back(std::make_unique<rules::ListValues>(list.elements));
    s->list_ptrs_.push_back(s->list_values_.back().get());
  }
  for (const auto& [name, e] : c.event_types) {
    VIGIL_TRY(compiled,
              CompileEventType(c, e, list_names,
                               previous != nullptr ? previous->FindEventType(name) : nullptr));
    s->event_types_.emplace(name, std::move(compiled));
  }
  for (const auto& [key, versions] : c.rules) {
    const catalog::Detector& detector = c.detectors.at(key.first);
    const CompiledEventType& event_type = s->event_types_.at(detector.event_type);
    for (const auto& [number, rule] : versions) {
      auto program = rules::Compile(rule.expression, event_type.environment);
      if (!program) {
        Error e = program.error();
        e.message = "rule '" + rule.rule_id + "' version " + std::to_string(number) + ": " +
                    e.message;
        return std::unexpected(std::move(e));
      }
      s->rules_.emplace(std::make_tuple(key.first, key.second, number),
                        CompiledRule{&rule, std::move(*program)});
    }
  }
  for (const auto& [model_id, versions] : c.model_versions) {
    auto found = c.models.find(model_id);
    if (found == c.models.end() || !s->event_types_.contains(found->second.event_type)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "model '" + model_id + "' has versions but no model or event type", "model_id");
    }
    const catalog::Model& model = found->second;
    for (const auto& [number, version] : versions) {
      if (version.scorer.empty()) continue;  // training, failed or cancelled
      const CompiledModel* reuse = nullptr;
      if (previous != nullptr) {
        auto it = previous->models_.find({model_id, number});
        if (it != previous->models_.end()) reuse = &it->second;
      }
      VIGIL_TRY(compiled,
                CompileModel(model, version, s->event_types_.at(model.event_type), reuse));
      s->models_.emplace(std::make_pair(model_id, number), std::move(compiled));
    }
  }
  for (const auto& [detector_id, versions] : c.detector_versions) {
    const catalog::Detector& detector = c.detectors.at(detector_id);
    for (const auto& [number, version] : versions) {
      CompiledVersion compiled{&detector, &version, &s->event_types_.at(detector.event_type), {},
                               {}};
      for (const auto& ref : version.rules) {
        compiled.rules.push_back(&s->rules_.at({detector_id, ref.rule_id, ref.version}));
      }
      for (const auto& ref : version.model_versions) {
        auto model = s->models_.find({ref.model_id, ref.version});
        if (model == s->models_.end()) {
          return Fail(ErrorCode::kInvalidArgument,
                      "detector '" + detector_id + "' version " + std::to_string(number) +
                          ": model '" + ref.model_id + "' version " + ref.version +
                          " has no trained scorer",
                      "model_versions");
        }
        compiled.models.push_back(&model->second);
      }
      s->versions_[detector_id].emplace(number, std::move(compiled));
    }
  }
  return std::shared_ptr<const Snapshot>(std::move(s));
}

std::vector<std::string> Snapshot::EventTypesNeedingRebuild() const {
  std::vector<std::string> names;
  for (const auto& [name, event_type] : event_types_) {
    if (event_type.aggregates.NeedsRebuild()) names.push_back(name);
  }
  return names;
}

const CompiledEventType* Snapshot::FindEventType(const std::string& name) const {
  auto it = event_types_.find(name);
  return it == event_types_.end() ? nullptr : &it->second;
}

Result<const CompiledVersion*> Snapshot::Resolve(const std::string& detector_id,
                                                 std::optional<int> version) const {
  if (!catalog_->detectors.contains(detector_id)) {
    return Fail(ErrorCode::kNotFound, "detector '" + detector_id + "' does not exist",
                "detector_id");
  }
  auto it = versions_.find(detector_id);
  if (version) {
    if (it != versions_.end()) {
      auto v = it->second.find(*version);
      if (v != it->second.end()) return &v->second;
    }
    return Fail(ErrorCode::kNotFound,
                "detector '" + detector_id + "' has no version " + std::to_string(*version),
                "detector_version");
  }
  if (it != versions_.end()) {
    for (const auto& [number, v] : it->second) {
      if (v.version->status == catalog::VersionStatus::kActive) return &v;
    }
  }
  return Fail(ErrorCode::kConflict,
              "detector '" + detector_id + "' has no ACTIVE version; activate one first",
              "detector_id");
}

}  // namespace vigil::engine
