#include "catalog/validation.h"

#include <set>

#include "core/names.h"

namespace vigil::catalog {

namespace {

Status Invalid(std::string field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

Status Missing(std::string field, std::string what, const std::string& name) {
  return Fail(ErrorCode::kNotFound, field + ": " + what + " '" + name + "' does not exist",
              std::move(field));
}

// AFD's per-account limits (reference §9); the field is the new object's name.
Status CheckCount(size_t count, size_t limit, bool is_new, const char* what) {
  if (is_new && count >= limit) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("limit reached: at most ") + std::to_string(limit) + " " + what +
                    " are allowed",
                "name");
  }
  return {};
}

Status CheckVariableType(const std::string& variable_type) {
  if (variable_type.empty()) return {};
  if (variable_type.size() > 64) return Invalid("variable_type", "variable_type must be 1..64 characters");
  for (char c : variable_type) {
    if (!((c >= 'A' && c <= 'Z') || c == '_')) {
      return Invalid("variable_type", "variable_type must match ^[A-Z_]{1,64}$: '" + variable_type + "'");
    }
  }
  return {};
}

// ^\S+( +\S+)*$: no leading, trailing or non-space whitespace.
bool IsListElement(const std::string& e) {
  if (e.empty() || e.front() == ' ' || e.back() == ' ') return false;
  for (char c : e) {
    if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return false;
  }
  return true;
}

template <typename T>
Status ValidateNamed(const T& v, const std::map<std::string, T>& existing, size_t limit,
                     const char* what) {
  VIGIL_CHECK(ValidateIdentifier(v.name, "name"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  return CheckCount(existing.size(), limit, !existing.contains(v.name), what);
}

}  // namespace

std::string EntityIdField(const std::string& entity_type) { return entity_type + "_id"; }

Status Validate(const EntityType& v, const Catalog& c) {
  return ValidateNamed(v, c.entity_types, Limits::kMaxEntityTypes, "entity types");
}
Status Validate(const Label& v, const Catalog& c) {
  return ValidateNamed(v, c.labels, Limits::kMaxLabels, "labels");
}
Status Validate(const Outcome& v, const Catalog& c) {
  return ValidateNamed(v, c.outcomes, Limits::kMaxOutcomes, "outcomes");
}

Status Validate(const Variable& v, const Catalog& c) {
  VIGIL_CHECK(ValidateIdentifier(v.name, "name"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  VIGIL_CHECK(CheckVariableType(v.variable_type));
  VIGIL_CHECK(CheckCount(c.variables.size(), Limits::kMaxVariablesPerAccount,
                         !c.variables.contains(v.name), "variables"));
  static const std::set<std::string> kReserved = {"event_id", "event_timestamp", "detector_id",
                                                  "detector_version", "event_type"};
  if (kReserved.contains(v.name)) {
    return Invalid("name", "'" + v.name + "' is reserved for the /detect payload");
  }
  if (v.aggregate && v.data_source != DataSource::kAggregate) {
    return Invalid("aggregate", "only an AGGREGATE variable has an aggregate definition");
  }
  if (v.derived && v.data_source != DataSource::kDerived) {
    return Invalid("derived", "only a DERIVED variable has a derived definition");
  }
  if (v.data_source == DataSource::kDerived) {
    if (!v.derived || v.derived->expression.empty()) {
      return Invalid("derived.expression",
                     "a DERIVED variable needs derived.expression, a DETECTORPL expression such "
                     "as gethour(geteventdatetime()) <= 6");
    }
    if (v.derived->event_type.empty()) {
      return Invalid("derived.event_type",
                     "derived.event_type is required: the event type whose events it is computed "
                     "for");
    }
    if (v.default_value) {
      return Invalid("default_value", "a DERIVED variable is always computed: it takes no "
                                      "default_value");
    }
    return {};
  }
  if (v.data_source == DataSource::kAggregate) {
    if (!v.aggregate) {
      return Invalid("aggregate", "an AGGREGATE variable needs an aggregate definition (function, "
                                  "key, window)");
    }
    if (v.default_value) {
      return Invalid("default_value", "an AGGREGATE variable is always computed: it takes no "
                                      "default_value");
    }
    return ValidateAggregate(*v.aggregate, v.data_type);
  }
  if (v.data_source == DataSource::kModelScore) {
    if (v.data_type != DataType::kFloat) {
      return Invalid("data_type", "a MODEL_SCORE variable is a FLOAT");
    }
    if (!v.name.ends_with("_insightscore")) {
      return Invalid("name", "a MODEL_SCORE variable is named <model_id>_insightscore");
    }
    return {};
  }
  if (!v.default_value) {
    return Invalid("default_value", "default_value is required (the value used when an event omits '" +
                                        v.name + "')");
  }
  auto coerced = CoerceText(*v.default_value, v.data_type);
  if (!coerced) {
    return Invalid("default_value", "default_value of '" + v.name + "': " + coerced.error().message);
  }
  return {};
}

Status Validate(const EventType& v, const Catalog& c) {
  VIGIL_CHECK(ValidateIdentifier(v.name, "name"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  VIGIL_CHECK(CheckCount(c.event_types.size(), Limits::kMaxEventTypes,
                         !c.event_types.contains(v.name), "event types"));
  if (v.variables.empty()) return Invalid("variables", "an event type needs at least one variable");
  if (v.entity_types.empty()) {
    return Invalid("entity_types", "an event type needs at least one entity type");
  }
  std::set<std::string> seen;
  for (const auto& name : v.variables) {
    auto it = c.variables.find(name);
    if (it == c.variables.end()) return Missing("variables", "variable", name);
    if (it->second.data_source != DataSource::kEvent) {
      return Invalid("variables", "'" + name + "' is a " + DataSourceName(it->second.data_source) +
                                      " variable, not an event variable");
    }
    if (!seen.insert(name).second) return Invalid("variables", "'" + name + "' is listed twice");
  }
  for (const auto& name : v.entity_types) {
    if (!c.entity_types.contains(name)) return Missing("entity_types", "entity type", name);
    if (seen.contains(EntityIdField(name))) {
      return Invalid("entity_types", "the entity id field '" + EntityIdField(name) +
                                         "' clashes with a variable of the same name");
    }
  }
  for (const auto& name : v.labels) {
    if (!c.labels.contains(name)) return Missing("labels", "label", name);
  }
  return {};
}

Status Validate(const List& v, const Catalog&) {
  VIGIL_CHECK(ValidateStrictIdentifier(v.name, "name"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  VIGIL_CHECK(CheckVariableType(v.variable_type));
  if (v.elements.size() > Limits::kMaxListElements) {
    return Invalid("elements", "a list holds at most 100000 elements (got " +
                                   std::to_string(v.elements.size()) + ")");
  }
  for (size_t i = 0; i < v.elements.size(); ++i) {
    const auto& e = v.elements[i];
    std::string where = "elements[" + std::to_string(i) + "]";
    if (e.size() > Limits::kMaxListElementLength) {
      return Invalid(where, where + " is longer than 320 characters");
    }
    if (!IsListElement(e)) {
      return Invalid(where, where + " must match ^\\S+( +\\S+)*$ (no leading, trailing or "
                                    "non-space whitespace): '" + e + "'");
    }
  }
  return {};
}

Status Validate(const Detector& v, const Catalog& c) {
  VIGIL_CHECK(ValidateIdentifier(v.detector_id, "detector_id"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  VIGIL_CHECK(CheckCount(c.detectors.size(), Limits::kMaxDetectors,
                         !c.detectors.contains(v.detector_id), "detectors"));
  if (!c.event_types.contains(v.event_type)) return Missing("event_type", "event type", v.event_type);
  return {};
}

Status Validate(const RuleVersion& v, const Catalog& c) {
  VIGIL_CHECK(ValidateIdentifier(v.detector_id, "detector_id"));
  VIGIL_CHECK(ValidateIdentifier(v.rule_id, "rule_id"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  if (!c.detectors.contains(v.detector_id)) return Missing("detector_id", "detector", v.detector_id);
  if (v.expression.empty() || v.expression.size() > Limits::kMaxRuleExpression) {
    return Invalid("expression", "expression must be 1..4096 characters long (got " +
                                     std::to_string(v.expression.size()) + ")");
  }
  if (v.outcomes.empty()) return Invalid("outcomes", "a rule needs at least one outcome");
  for (const auto& name : v.outcomes) {
    if (!c.outcomes.contains(name)) return Missing("outcomes", "outcome", name);
  }
  return {};
}

Status Validate(const DetectorVersion& v, const Catalog& c) {
  VIGIL_CHECK(ValidateIdentifier(v.detector_id, "detector_id"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  if (!c.detectors.contains(v.detector_id)) return Missing("detector_id", "detector", v.detector_id);
  std::set<std::string> seen;
  for (size_t i = 0; i < v.rules.size(); ++i) {
    const auto& ref = v.rules[i];
    std::string where = "rules[" + std::to_string(i) + "]";
    if (c.FindRule(v.detector_id, ref.rule_id, ref.version) == nullptr) {
      return Fail(ErrorCode::kNotFound,
                  where + ": rule '" + ref.rule_id + "' version " + std::to_string(ref.version) +
                      " does not exist in detector '" + v.detector_id + "'",
                  where);
    }
    if (!seen.insert(ref.rule_id).second) {
      return Invalid(where, where + ": rule '" + ref.rule_id + "' appears twice");
    }
  }
  if (!v.default_outcome.empty() && !c.outcomes.contains(v.default_outcome)) {
    return Missing("default_outcome", "outcome", v.default_outcome);
  }
  const std::string& event_type = c.detectors.at(v.detector_id).event_type;
  std::set<std::string> models;
  for (size_t i = 0; i < v.model_versions.size(); ++i) {
    const ModelVersionRef& ref = v.model_versions[i];
    std::string where = "model_versions[" + std::to_string(i) + "]";
    const ModelVersion* mv = c.FindModelVersion(ref.model_id, ref.version);
    if (mv == nullptr) {
      return Fail(ErrorCode::kNotFound,
                  where + ": model '" + ref.model_id + "' version " + ref.version +
                      " does not exist",
                  where);
    }
    const Model& model = c.models.at(ref.model_id);
    if (model.event_type != event_type) {
      return Invalid(where, where + ": model '" + ref.model_id + "' scores '" + model.event_type +
                                "' events; detector '" + v.detector_id + "' decides '" +
                                event_type + "' events");
    }
    if (!IsServable(mv->status)) {
      return Invalid(where, where + ": model '" + ref.model_id + "' version " + ref.version +
                                " is " + ModelVersionStatusName(mv->status) +
                                "; a detector version uses TRAINING_COMPLETE or ACTIVE versions");
    }
    if (!models.insert(ref.model_id).second) {
      return Invalid(where, where + ": model '" + ref.model_id + "' appears twice");
    }
  }
  return {};
}

}  // namespace vigil::catalog
