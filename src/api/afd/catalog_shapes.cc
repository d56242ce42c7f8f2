#include "api/afd/catalog_shapes.h"

#include "api/afd/members.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

// The members every AFD resource has: description (when set), times and ARN.
void Common(bj::object& o, const std::string& description, const catalog::Stamps& stamps,
            const char* resource, const std::string& name) {
  if (!description.empty()) o["description"] = description;
  o["createdTime"] = TimeText(stamps.created_micros);
  o["lastUpdatedTime"] = TimeText(stamps.updated_micros);
  o["arn"] = Arn(resource, name);
}

// EntityType, Label and Outcome share their shape.
template <typename T>
bj::object Named(const T& object, const char* resource) {
  bj::object o{{"name", object.name}};
  Common(o, object.description, object.stamps, resource, object.name);
  return o;
}

}  // namespace

bj::object ToAfd(const catalog::EntityType& e) { return Named(e, "entity-type"); }
bj::object ToAfd(const catalog::Label& l) { return Named(l, "label"); }
bj::object ToAfd(const catalog::Outcome& o) { return Named(o, "outcome"); }

bj::object ToAfd(const catalog::Variable& v) {
  bj::object o{{"name", v.name},
               {"dataType", DataTypeName(v.data_type)},
               {"dataSource", catalog::DataSourceName(v.data_source)}};
  if (v.default_value) o["defaultValue"] = *v.default_value;
  if (!v.variable_type.empty()) o["variableType"] = v.variable_type;
  Common(o, v.description, v.stamps, "variable", v.name);
  return o;
}

bj::object ToAfd(const catalog::EventType& e) {
  bj::object o{{"name", e.name},
               {"eventVariables", TextArray(e.variables)},
               {"labels", TextArray(e.labels)},
               {"entityTypes", TextArray(e.entity_types)},
               {"eventIngestion", e.event_ingestion ? "ENABLED" : "DISABLED"}};
  Common(o, e.description, e.stamps, "event-type", e.name);
  return o;
}

bj::object ToAfd(const catalog::Detector& d) {
  bj::object o{{"detectorId", d.detector_id}, {"eventTypeName", d.event_type}};
  Common(o, d.description, d.stamps, "detector", d.detector_id);
  return o;
}

bj::object ToAfd(const catalog::RuleVersion& r) {
  bj::object o{{"ruleId", r.rule_id},
               {"detectorId", r.detector_id},
               {"ruleVersion", std::to_string(r.version)},
               {"expression", r.expression},
               {"language", "DETECTORPL"},
               {"outcomes", TextArray(r.outcomes)}};
  Common(o, r.description, r.stamps, "rule", r.detector_id + "/" + r.rule_id);
  return o;
}

bj::object ToAfd(const catalog::List& l) {
  bj::object o{{"name", l.name}};
  if (!l.variable_type.empty()) o["variableType"] = l.variable_type;
  if (!l.description.empty()) o["description"] = l.description;
  o["createdTime"] = TimeText(l.stamps.created_micros);
  o["updatedTime"] = TimeText(l.stamps.updated_micros);
  o["arn"] = Arn("list", l.name);
  return o;
}

bj::object RuleRefJson(const std::string& detector_id, const std::string& rule_id, int version) {
  return {
      {"detectorId", detector_id}, {"ruleId", rule_id}, {"ruleVersion", std::to_string(version)}};
}

bj::object ToAfd(const catalog::DetectorVersion& v, const catalog::Catalog& c) {
  bj::array rules;
  for (const auto& r : v.rules) rules.push_back(RuleRefJson(v.detector_id, r.rule_id, r.version));
  bj::array models;
  for (const auto& m : v.model_versions) {
    auto model = c.models.find(m.model_id);
    const catalog::ModelType type = model != c.models.end()
                                        ? model->second.model_type
                                        : catalog::ModelType::kOnlineFraudInsights;
    models.push_back(bj::object{{"modelId", m.model_id},
                                {"modelType", catalog::ModelTypeName(type)},
                                {"modelVersionNumber", m.version}});
  }
  bj::object o{{"detectorId", v.detector_id},
               {"detectorVersionId", std::to_string(v.version)},
               {"externalModelEndpoints", bj::array()},
               {"modelVersions", std::move(models)},
               {"rules", std::move(rules)},
               {"status", catalog::VersionStatusName(v.status)},
               {"ruleExecutionMode", catalog::ExecutionModeName(v.execution_mode)}};
  if (!v.description.empty()) o["description"] = v.description;
  o["createdTime"] = TimeText(v.stamps.created_micros);
  o["lastUpdatedTime"] = TimeText(v.stamps.updated_micros);
  o["arn"] = Arn("detector-version", v.detector_id + "/" + std::to_string(v.version));
  return o;
}

}  // namespace vigil::api::afd
