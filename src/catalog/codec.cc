#include "catalog/codec.h"

#include "catalog/codec_parts.h"

#include "core/json.h"
#include "core/time_format.h"

namespace vigil::catalog {

namespace bj = boost::json;

void PutStamps(bj::object& o, const Stamps& s) {
  if (s.created_micros != 0) o["created_time"] = FormatIso8601(s.created_micros);
  if (s.updated_micros != 0) o["last_updated_time"] = FormatIso8601(s.updated_micros);
}

Result<Stamps> ReadStamps(json::ObjectReader& r) {
  Stamps s;
  VIGIL_TRY(created, r.OptionalString("created_time"));
  VIGIL_TRY(updated, r.OptionalString("last_updated_time"));
  if (created) {
    VIGIL_TRY(micros, ParseIso8601(*created));
    s.created_micros = micros;
  }
  if (updated) {
    VIGIL_TRY(micros, ParseIso8601(*updated));
    s.updated_micros = micros;
  }
  return s;
}

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

namespace {

Status BadEnum(json::ObjectReader& r, std::string_view key, std::string_view got,
               std::string_view allowed) {
  return Fail(ErrorCode::kInvalidArgument,
              r.FieldPath(key) + " must be one of " + std::string(allowed) + ", not '" +
                  std::string(got) + "'",
              r.FieldPath(key));
}

// EntityType, Label and Outcome are a name and a description.
template <typename T>
bj::object NamedToJson(const T& v) {
  bj::object o{{"name", v.name}};
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <typename T>
Result<T> NamedFromJson(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  T v;
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  v.name = std::move(name);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

}  // namespace

bj::object ToJson(const EntityType& v) { return NamedToJson(v); }
bj::object ToJson(const Label& v) { return NamedToJson(v); }
bj::object ToJson(const Outcome& v) { return NamedToJson(v); }

template <>
Result<EntityType> FromJson<EntityType>(const bj::value& json, const std::string& path) {
  return NamedFromJson<EntityType>(json, path);
}
template <>
Result<Label> FromJson<Label>(const bj::value& json, const std::string& path) {
  return NamedFromJson<Label>(json, path);
}
template <>
Result<Outcome> FromJson<Outcome>(const bj::value& json, const std::string& path) {
  return NamedFromJson<Outcome>(json, path);
}

bj::object ToJson(const Variable& v) {
  bj::object o{{"name", v.name},
               {"data_type", DataTypeName(v.data_type)},
               {"data_source", DataSourceName(v.data_source)}};
  if (v.default_value) o["default_value"] = *v.default_value;
  if (v.aggregate) o["aggregate"] = ToJson(*v.aggregate);
  if (v.derived) o["derived"] = ToJson(*v.derived);
  if (!v.variable_type.empty()) o["variable_type"] = v.variable_type;
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

bj::object ToJson(const AggregateDefinition& a) {
  bj::object o{{"event_type", a.event_type}, {"function", a.function}, {"key", a.key}};
  if (!a.of.empty()) o["of"] = a.of;
  if (!a.window.empty()) o["window"] = a.window;
  if (!a.delay.empty()) o["delay"] = a.delay;
  if (!a.filter.empty()) o["filter"] = a.filter;
  if (!a.fraud_labels.empty()) o["fraud_labels"] = Strings(a.fraud_labels);
  return o;
}

template <>
Result<AggregateDefinition> FromJson<AggregateDefinition>(const bj::value& json,
                                                          const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  AggregateDefinition a;
  auto text = [&](std::string_view key, std::string& out, bool required) -> Status {
    VIGIL_TRY(value, required ? r.String(key) : r.StringOr(key, ""));
    out = std::move(value);
    return {};
  };
  VIGIL_CHECK(text("event_type", a.event_type, false));
  VIGIL_CHECK(text("function", a.function, true));
  VIGIL_CHECK(text("key", a.key, true));
  VIGIL_CHECK(text("of", a.of, false));
  VIGIL_CHECK(text("window", a.window, false));
  VIGIL_CHECK(text("delay", a.delay, false));
  VIGIL_CHECK(text("filter", a.filter, false));
  VIGIL_TRY(fraud_labels, r.StringList("fraud_labels", false));
  a.fraud_labels = std::move(fraud_labels);
  VIGIL_CHECK(r.Finish());
  return a;
}

bj::object ToJson(const DerivedDefinition& d) {
  return bj::object{{"event_type", d.event_type}, {"expression", d.expression}};
}

template <>
Result<DerivedDefinition> FromJson<DerivedDefinition>(const bj::value& json,
                                                      const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  DerivedDefinition d;
  VIGIL_TRY(event_type, r.StringOr("event_type", ""));
  VIGIL_TRY(expression, r.StringOr("expression", ""));  // validation names it when missing
  VIGIL_CHECK(r.Finish());
  d.event_type = std::move(event_type);
  d.expression = std::move(expression);
  return d;
}

template <>
Result<Variable> FromJson<Variable>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  Variable v;
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(data_type, r.String("data_type"));
  VIGIL_TRY(data_source, r.StringOr("data_source", "EVENT"));
  // A default may be written as any scalar in YAML/JSON; it is kept as text.
  const bj::value* def = r.Member("default_value");
  const bj::value* aggregate = r.Member("aggregate");
  const bj::value* derived = r.Member("derived");
  VIGIL_TRY(variable_type, r.StringOr("variable_type", ""));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  auto type = ParseDataType(data_type);
  if (!type) {
    return std::unexpected(
        BadEnum(r, "data_type", data_type, "STRING, INTEGER, FLOAT, BOOLEAN, DATETIME").error());
  }
  auto source = ParseDataSource(data_source);
  if (!source) {
    return std::unexpected(
        BadEnum(r, "data_source", data_source, "EVENT, MODEL_SCORE, AGGREGATE, DERIVED").error());
  }
  if (aggregate != nullptr && !aggregate->is_null()) {
    VIGIL_TRY(definition, FromJson<AggregateDefinition>(*aggregate, r.FieldPath("aggregate")));
    v.aggregate = std::move(definition);
  }
  if (derived != nullptr && !derived->is_null()) {
    VIGIL_TRY(definition, FromJson<DerivedDefinition>(*derived, r.FieldPath("derived")));
    v.derived = std::move(definition);
  }
  if (def != nullptr && !def->is_null()) {
    if (def->is_string()) {
      v.default_value = std::string(def->get_string());
    } else if (def->is_array() || def->is_object()) {
      return Fail(ErrorCode::kInvalidArgument, r.FieldPath("default_value") + " must be a scalar",
                  r.FieldPath("default_value"));
    } else {
      v.default_value = bj::serialize(*def);
    }
  }
  v.name = std::move(name);
  v.data_type = *type;
  v.data_source = *source;
  v.variable_type = std::move(variable_type);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const EventType& v) {
  bj::object o{{"name", v.name},
               {"variables", Strings(v.variables)},
               {"entity_types", Strings(v.entity_types)},
               {"labels", Strings(v.labels)},
               {"event_ingestion", v.event_ingestion ? "ENABLED" : "DISABLED"}};
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <>
Result<EventType> FromJson<EventType>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  EventType v;
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(variables, r.StringList("variables", true));
  VIGIL_TRY(entity_types, r.StringList("entity_types", true));
  VIGIL_TRY(labels, r.StringList("labels", false));
  VIGIL_TRY(ingestion, r.StringOr("event_ingestion", "DISABLED"));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  if (ingestion != "ENABLED" && ingestion != "DISABLED") {
    return std::unexpected(BadEnum(r, "event_ingestion", ingestion, "ENABLED, DISABLED").error());
  }
  v.name = std::move(name);
  v.variables = std::move(variables);
  v.entity_types = std::move(entity_types);
  v.labels = std::move(labels);
  v.event_ingestion = ingestion == "ENABLED";
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const List& v) {
  bj::object o{{"name", v.name}, {"elements", Strings(v.elements)}};
  if (!v.variable_type.empty()) o["variable_type"] = v.variable_type;
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <>
Result<List> FromJson<List>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  List v;
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(elements, r.StringList("elements", false));
  VIGIL_TRY(variable_type, r.StringOr("variable_type", ""));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  v.name = std::move(name);
  v.elements = std::move(elements);
  v.variable_type = std::move(variable_type);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const RuleVersion& v) {
  bj::object o{{"detector_id", v.detector_id},   {"rule_id", v.rule_id},
               {"rule_version", std::to_string(v.version)}, {"expression", v.expression},
               {"language", "DETECTORPL"},       {"outcomes", Strings(v.outcomes)}};
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

namespace {

// Versions are whole numbers written as "1" (AFD) or 1.
Result<int> ReadVersion(json::ObjectReader& r, std::string_view key, bool required) {
  VIGIL_TRY(number, r.OptionalInteger(key));
  if (!number) {
    if (required) return Fail(ErrorCode::kInvalidArgument, r.FieldPath(key) + " is required", r.FieldPath(key));
    return 0;
  }
  if (*number < 1 || *number > 99999) {
    return Fail(ErrorCode::kInvalidArgument,
                r.FieldPath(key) + " must be a whole number from 1 to 99999", r.FieldPath(key));
  }
  return static_cast<int>(*number);
}

}  // namespace

template <>
Result<RuleVersion> FromJson<RuleVersion>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  RuleVersion v;
  VIGIL_TRY(detector_id, r.StringOr("detector_id", ""));
  VIGIL_TRY(rule_id, r.String("rule_id"));
  VIGIL_TRY(version, ReadVersion(r, "rule_version", false));
  VIGIL_TRY(expression, r.String("expression"));
  VIGIL_TRY(language, r.StringOr("language", "DETECTORPL"));
  VIGIL_TRY(outcomes, r.StringList("outcomes", true));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  if (language != "DETECTORPL") {
    return std::unexpected(BadEnum(r, "language", language, "DETECTORPL").error());
  }
  v.detector_id = std::move(detector_id);
  v.rule_id = std::move(rule_id);
  v.version = version == 0 ? 1 : version;
  v.expression = std::move(expression);
  v.outcomes = std::move(outcomes);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const Detector& v) {
  bj::object o{{"detector_id", v.detector_id}, {"event_type", v.event_type}};
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <>
Result<Detector> FromJson<Detector>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  Detector v;
  VIGIL_TRY(detector_id, r.String("detector_id"));
  VIGIL_TRY(event_type, r.String("event_type"));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  v.detector_id = std::move(detector_id);
  v.event_type = std::move(event_type);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const DetectorVersion& v) {
  bj::array rules;
  for (const auto& r : v.rules) {
    bj::object rule{{"rule_id", r.rule_id}};
    if (r.version != 0) rule["rule_version"] = std::to_string(r.version);  // 0: latest, unresolved
    rules.emplace_back(std::move(rule));
  }
  bj::array models;
  for (const auto& m : v.model_versions) {
    models.emplace_back(bj::object{{"model_id", m.model_id}, {"model_version", m.version}});
  }
  bj::object o{{"detector_id", v.detector_id},
               {"detector_version", std::to_string(v.version)},
               {"status", VersionStatusName(v.status)},
               {"rule_execution_mode", ExecutionModeName(v.execution_mode)},
               {"rules", std::move(rules)},
               {"model_versions", std::move(models)}};
  if (!v.default_outcome.empty()) o["default_outcome"] = v.default_outcome;
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

namespace {

Result<std::vector<RuleRef>> ReadRuleRefs(json::ObjectReader& r) {
  std::vector<RuleRef> out;
  const bj::value* rules = r.Member("rules");
  if (rules == nullptr || rules->is_null()) return out;
  if (!rules->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, r.FieldPath("rules") + " must be a list",
                r.FieldPath("rules"));
  }
  for (size_t i = 0; i < rules->get_array().size(); ++i) {
    const bj::value& e = rules->get_array()[i];
    std::string where = r.FieldPath("rules") + "[" + std::to_string(i) + "]";
    if (e.is_string()) {  // "rule_id" alone means its latest version; the editor resolves 0
      out.push_back(RuleRef{std::string(e.get_string()), 0});
      continue;
    }
    json::ObjectReader rr(e, where);
    VIGIL_CHECK(rr.Check());
    VIGIL_TRY(rule_id, rr.String("rule_id"));
    VIGIL_TRY(version, ReadVersion(rr, "rule_version", false));
    VIGIL_CHECK(rr.Finish());
    out.push_back(RuleRef{std::move(rule_id), version});
  }
  return out;
}

Result<std::vector<ModelVersionRef>> ReadModelRefs(json::ObjectReader& r) {
  std::vector<ModelVersionRef> out;
  const bj::value* models = r.Member("model_versions");
  if (models == nullptr || models->is_null()) return out;
  if (!models->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, r.FieldPath("model_versions") + " must be a list",
                r.FieldPath("model_versions"));
  }
  for (size_t i = 0; i < models->get_array().size(); ++i) {
    json::ObjectReader mr(models->get_array()[i],
                          r.FieldPath("model_versions") + "[" + std::to_string(i) + "]");
    VIGIL_CHECK(mr.Check());
    VIGIL_TRY(model_id, mr.String("model_id"));
    VIGIL_TRY(version, mr.String("model_version"));
    VIGIL_CHECK(mr.Finish());
    out.push_back(ModelVersionRef{std::move(model_id), std::move(version)});
  }
  return out;
}

}  // namespace

template <>
Result<DetectorVersion> FromJson<DetectorVersion>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  DetectorVersion v;
  VIGIL_TRY(detector_id, r.StringOr("detector_id", ""));
  VIGIL_TRY(version, ReadVersion(r, "detector_version", false));
  VIGIL_TRY(status, r.StringOr("status", "DRAFT"));
  VIGIL_TRY(mode, r.StringOr("rule_execution_mode", "FIRST_MATCHED"));
  VIGIL_TRY(rules, ReadRuleRefs(r));
  VIGIL_TRY(models, ReadModelRefs(r));
  VIGIL_TRY(default_outcome, r.StringOr("default_outcome", ""));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  auto parsed_status = ParseVersionStatus(status);
  if (!parsed_status) return std::unexpected(BadEnum(r, "status", status, "DRAFT, ACTIVE, INACTIVE").error());
  auto parsed_mode = ParseExecutionMode(mode);
  if (!parsed_mode) {
    return std::unexpected(
        BadEnum(r, "rule_execution_mode", mode, "FIRST_MATCHED, ALL_MATCHED").error());
  }
  v.detector_id = std::move(detector_id);
  v.version = version;
  v.status = *parsed_status;
  v.execution_mode = *parsed_mode;
  v.rules = std::move(rules);
  v.model_versions = std::move(models);
  v.default_outcome = std::move(default_outcome);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

}  // namespace vigil::catalog
