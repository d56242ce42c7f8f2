#include "engine/decision_record.h"

#include "core/json.h"
#include "core/time_format.h"

namespace vigil::engine {

namespace bj = boost::json;

namespace {

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

bj::object ToRecord(const Decision& d) {
  const catalog::DetectorVersion& version = *d.version->version;
  const CompiledEventType& event_type = *d.version->event_type;

  bj::array entities;
  for (const auto& e : d.entities) {
    entities.emplace_back(bj::object{{"entity_type", e.entity_type}, {"entity_id", e.entity_id}});
  }
  bj::array variables;
  for (size_t i = 0; i < d.values.size(); ++i) {
    const catalog::Variable& v = *event_type.slots[i].variable;
    variables.emplace_back(bj::object{{"name", v.name},
                                      {"data_type", DataTypeName(v.data_type)},
                                      {"value", json::FromValue(d.values[i])},
                                      {"source", ValueSourceName(d.sources[i])}});
  }
  bj::array rules, rule_results;
  for (const auto& r : d.evaluated) {
    const std::string rule_version = std::to_string(r.rule->version);
    rules.emplace_back(bj::object{{"rule_id", r.rule->rule_id},
                                  {"rule_version", rule_version},
                                  {"expression", r.rule->expression},
                                  {"expression_with_values", r.expression_with_values},
                                  {"matched", r.matched},
                                  {"outcomes", Strings(r.rule->outcomes)}});
    if (r.matched) {
      rule_results.emplace_back(bj::object{{"rule_id", r.rule->rule_id},
                                           {"rule_version", rule_version},
                                           {"outcomes", Strings(r.rule->outcomes)}});
    }
  }
  bj::object record;
  record["event_id"] = d.event_id;
  record["event_type"] = event_type.event_type->name;
  record["event_timestamp"] = FormatIso8601(d.event_micros);
  record["timestamp"] = FormatIso8601(d.decided_micros);
  record["detector_id"] = version.detector_id;
  record["detector_version"] = std::to_string(version.version);
  record["detector_version_status"] = catalog::VersionStatusName(version.status);
  record["rule_execution_mode"] = catalog::ExecutionModeName(version.execution_mode);
  record["entities"] = std::move(entities);
  record["variables"] = std::move(variables);
  record["rules"] = std::move(rules);
  record["outcomes"] = Strings(d.outcomes);
  record["fraud_label"] = d.fraud_label;
  record["insight_score"] = d.insight_score ? bj::value(*d.insight_score) : bj::value(nullptr);
  record["model_scores"] = bj::array();
  record["rule_results"] = std::move(rule_results);
  return record;
}

bj::object ToAnswer(const bj::object& record, bool replay) {
  bj::object answer;
  for (const char* key : {"event_id", "fraud_label", "insight_score", "timestamp", "detector_id",
                          "detector_version", "outcomes", "rule_results", "model_scores"}) {
    if (auto it = record.find(key); it != record.end()) answer[key] = it->value();
  }
  answer["replay"] = replay;
  return answer;
}

}  // namespace vigil::engine
