#include "api/afd/prediction_result.h"

#include "api/afd/members.h"
#include "core/json.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

const bj::array& ArrayOf(const bj::object& o, std::string_view key) {
  static const bj::array kEmpty;
  const bj::array* a = Array(o, key);
  return a != nullptr ? *a : kEmpty;
}

// AFD's variable values and scores are strings in the metadata: the value as a rule reads it.
std::string ValueText(const bj::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return json::Serialize(v);
}

bj::array OutcomesOf(const bj::object& o) {
  bj::array out;
  for (const auto& v : ArrayOf(o, "outcomes")) out.push_back(v);
  return out;
}

}  // namespace

bj::object PredictionResult(const bj::object& record) {
  bj::array model_scores;
  for (const auto& item : ArrayOf(record, "model_scores")) {
    const bj::object& m = item.get_object();
    const std::string id = Text(m, "model_id");
    const bj::value* score = m.if_contains("score");
    bj::object scores;
    scores[id + "_insightscore"] = score != nullptr ? *score : bj::value(nullptr);
    model_scores.push_back(
        bj::object{{"modelVersion", bj::object{{"modelId", id},
                                               {"modelType", Text(m, "model_type")},
                                               {"modelVersionNumber", Text(m, "model_version")}}},
                   {"scores", std::move(scores)}});
  }
  bj::array rule_results;
  for (const auto& item : ArrayOf(record, "rule_results")) {
    const bj::object& r = item.get_object();
    rule_results.push_back(bj::object{{"ruleId", Text(r, "rule_id")}, {"outcomes", OutcomesOf(r)}});
  }
  return {{"modelScores", std::move(model_scores)},
          {"ruleResults", std::move(rule_results)},
          {"externalModelOutputs", bj::array()}};
}

bj::object PredictionMetadata(const bj::object& record) {
  bj::array variables;
  for (const auto& item : ArrayOf(record, "variables")) {
    const bj::object& v = item.get_object();
    const bj::value* value = v.if_contains("value");
    variables.push_back(bj::object{{"name", Text(v, "name")},
                                   {"value", value != nullptr ? ValueText(*value) : ""},
                                   {"source", Text(v, "source")}});
  }
  bj::array rules;
  for (const auto& item : ArrayOf(record, "rules")) {
    const bj::object& r = item.get_object();
    rules.push_back(bj::object{{"ruleId", Text(r, "rule_id")},
                               {"ruleVersion", Text(r, "rule_version")},
                               {"expression", Text(r, "expression")},
                               {"expressionWithValues", Text(r, "expression_with_values")},
                               {"outcomes", OutcomesOf(r)},
                               {"evaluated", true},
                               {"matched", Flag(r, "matched")}});
  }
  bj::array models;
  for (const auto& item : ArrayOf(record, "model_scores")) {
    const bj::object& m = item.get_object();
    bj::array impacts;
    for (const auto& c : ArrayOf(m, "top_contributors")) {
      const bj::object& contributor = c.get_object();
      const bj::value* contribution = contributor.if_contains("contribution");
      impacts.push_back(bj::object{
          {"eventVariableName", Text(contributor, "variable")},
          {"logOddsImpact", contribution != nullptr ? contribution->to_number<double>() : 0.0}});
    }
    const bj::value* score = m.if_contains("score");
    bj::object evaluation{
        {"outputVariableName", Text(m, "model_id") + "_insightscore"},
        {"evaluationScore", score != nullptr ? ValueText(*score) : ""},
        {"predictionExplanations", bj::object{{"variableImpactExplanations", std::move(impacts)}}}};
    models.push_back(bj::object{{"modelId", Text(m, "model_id")},
                                {"modelVersion", Text(m, "model_version")},
                                {"modelType", Text(m, "model_type")},
                                {"evaluations", bj::array{std::move(evaluation)}}});
  }
  bj::object out{{"eventId", Text(record, "event_id")},
                 {"eventTypeName", Text(record, "event_type")},
                 {"eventTimestamp", Text(record, "event_timestamp")},
                 {"detectorId", Text(record, "detector_id")},
                 {"detectorVersionId", Text(record, "detector_version")},
                 {"detectorVersionStatus", Text(record, "detector_version_status")},
                 {"eventVariables", std::move(variables)},
                 {"rules", std::move(rules)},
                 {"ruleExecutionMode", Text(record, "rule_execution_mode")},
                 {"outcomes", OutcomesOf(record)},
                 {"evaluatedModelVersions", std::move(models)},
                 {"evaluatedExternalModels", bj::array()},
                 {"predictionTimestamp", Text(record, "timestamp")}};
  const auto& entities = ArrayOf(record, "entities");
  if (!entities.empty() && entities[0].is_object()) {
    out["entityType"] = Text(entities[0].get_object(), "entity_type");
    out["entityId"] = Text(entities[0].get_object(), "entity_id");
  }
  return out;
}

bj::object PredictionSummary(const store::DecisionRecord& row) {
  return {{"eventId", row.event_id},
          {"eventTypeName", row.event_type},
          {"eventTimestamp", TimeText(row.event_micros)},
          {"predictionTimestamp", TimeText(row.decided_micros)},
          {"detectorId", row.detector_id},
          {"detectorVersionId", row.detector_version}};
}

}  // namespace vigil::api::afd
