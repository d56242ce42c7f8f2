#include "api/afd/prediction_result.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::api::afd {
namespace {

namespace bj = boost::json;

// A decision record as engine/decision_record.h writes it.
const char* kRecord = R"({
  "event_id": "e-1", "fraud_label": "REVIEW", "insight_score": 612.0,
  "timestamp": "2026-11-20T10:00:01.5Z", "detector_id": "d", "detector_version": "2",
  "outcomes": ["review"],
  "rule_results": [{"rule_id": "big", "rule_version": "3", "outcomes": ["review"]}],
  "model_scores": [{"model_id": "m", "model_type": "ONLINE_FRAUD_INSIGHTS", "model_version": "1.0",
                    "score": 612.0,
                    "top_contributors": [{"variable": "amount", "contribution": 1.25}]}],
  "event_type": "signup", "event_timestamp": "2026-11-20T10:00:00Z",
  "detector_version_status": "ACTIVE", "rule_execution_mode": "FIRST_MATCHED",
  "entities": [{"entity_type": "customer", "entity_id": "c-1"}],
  "variables": [{"name": "amount", "data_type": "FLOAT", "value": 750.0, "source": "EVENT"},
                {"name": "email", "data_type": "STRING", "value": "a@b.c", "source": "DEFAULT"}],
  "rules": [{"rule_id": "small", "rule_version": "1", "expression": "$amount < 10",
             "expression_with_values": "750.0 < 10", "matched": false, "outcomes": ["approve"]},
            {"rule_id": "big", "rule_version": "3", "expression": "$amount > 500",
             "expression_with_values": "750.0 > 500", "matched": true, "outcomes": ["review"]}]})";

bj::object Record() { return json::Parse(kRecord)->get_object(); }

TEST(PredictionResultTest, HasGetEventPredictionsShape) {
  EXPECT_EQ(json::Serialize(PredictionResult(Record())),
            R"({"modelScores":[{"modelVersion":{"modelId":"m","modelType":"ONLINE_FRAUD_INSIGHTS",)"
            R"("modelVersionNumber":"1.0"},"scores":{"m_insightscore":612.0}}],)"
            R"("ruleResults":[{"ruleId":"big","outcomes":["review"]}],"externalModelOutputs":[]})");
}

TEST(PredictionResultTest, MetadataExplainsTheDecision) {
  const bj::object m = PredictionMetadata(Record());
  EXPECT_EQ(m.at("eventId"), "e-1");
  EXPECT_EQ(m.at("entityType"), "customer");
  EXPECT_EQ(m.at("entityId"), "c-1");
  EXPECT_EQ(m.at("predictionTimestamp"), "2026-11-20T10:00:01.5Z");
  EXPECT_EQ(m.at("detectorVersionStatus"), "ACTIVE");
  // Values are strings, as AFD gives them.
  EXPECT_EQ(json::Serialize(m.at("eventVariables")),
            R"([{"name":"amount","value":"750.0","source":"EVENT"},)"
            R"({"name":"email","value":"a@b.c","source":"DEFAULT"}])");
  const bj::array& rules = m.at("rules").get_array();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1].at("expressionWithValues"), "750.0 > 500");
  EXPECT_EQ(rules[1].at("matched"), true);
  EXPECT_EQ(rules[0].at("matched"), false);
  const bj::value& evaluation = m.at("evaluatedModelVersions").at(0).at("evaluations").at(0);
  EXPECT_EQ(evaluation.at("outputVariableName"), "m_insightscore");
  EXPECT_EQ(evaluation.at("evaluationScore"), "612.0");
  EXPECT_EQ(evaluation.at("predictionExplanations")
                .at("variableImpactExplanations")
                .at(0)
                .at("logOddsImpact"),
            1.25);
}

TEST(PredictionResultTest, SummaryComesFromTheStoredRow) {
  store::DecisionRecord row;
  row.event_id = "e-1";
  row.event_type = "signup";
  row.detector_id = "d";
  row.detector_version = "2";
  row.event_micros = 1'000'000;
  row.decided_micros = 2'500'000;
  EXPECT_EQ(json::Serialize(PredictionSummary(row)),
            R"({"eventId":"e-1","eventTypeName":"signup","eventTimestamp":"1970-01-01T00:00:01Z",)"
            R"("predictionTimestamp":"1970-01-01T00:00:02.500Z","detectorId":"d",)"
            R"("detectorVersionId":"2"})");
}

}  // namespace
}  // namespace vigil::api::afd
