// Models in decisions: a model version's score fills $<model_id>_insightscore before the rules
// run, and the decision record and the answer carry it with its top contributors.
#include <gtest/gtest.h>

#include "catalog/edits.h"
#include "catalog/model_edits.h"
#include "core/json.h"
#include "engine/decide.h"
#include "engine/decision_record.h"
#include "engine/test_catalog.h"
#include "ml/xgboost_trainer.h"

namespace vigil::engine {
namespace {

// transaction_model over transaction_amount and ip_address, trained by libxgboost on amounts
// 0..1000 where fraud is above 800; calibrated on the legitimate rows.
std::string TrainedScorerJson() {
  std::vector<float> rows, labels;
  std::vector<Value> amounts, ips;
  std::vector<char> fraud_bytes;
  for (int i = 0; i < 2000; ++i) {
    const float amount = static_cast<float>((i * 7919) % 1000);
    const bool is_fraud = amount > 800 && i % 10 != 0;
    amounts.push_back(Value::Float(amount));
    ips.push_back(Value::String("10.0." + std::to_string(i % 7) + ".1"));
    fraud_bytes.push_back(is_fraud);
    labels.push_back(is_fraud ? 1.0f : 0.0f);
  }
  const std::span<const bool> fraud(reinterpret_cast<const bool*>(fraud_bytes.data()),
                                    fraud_bytes.size());
  std::vector<ml::VariableEncoder> inputs{
      ml::VariableEncoder::Fit("transaction_amount", ml::EncodingKind::kNumber, amounts, fraud),
      ml::VariableEncoder::Fit("ip_address", ml::EncodingKind::kIpAddress, ips, fraud)};
  for (size_t r = 0; r < amounts.size(); ++r) {
    float row[3];
    inputs[0].Encode(amounts[r], 0, std::span<float>(row, 1));
    inputs[1].EncodeTrainingRow(r, ips[r], 0, std::span<float>(row + 1, 2));
    rows.insert(rows.end(), row, row + 3);
  }
  ml::TrainOptions options;
  options.rounds = 20;
  options.max_depth = 3;
  auto model = ml::TrainXgboost(
      ml::TrainingData{ml::FeatureMatrix{rows, labels.size(), 3}, labels, {}, {}}, options);
  EXPECT_TRUE(model) << model.error().message;
  std::vector<double> legit;
  for (size_t r = 0; r < labels.size(); ++r) {
    if (labels[r] == 0) {
      legit.push_back(*model->ensemble.PredictProbability(std::span<const float>(&rows[r * 3], 3)));
    }
  }
  auto scorer = ml::ModelScorer::Create(inputs, model->xgboost_json,
                                        *ml::ScoreCalibration::Fit(legit));
  EXPECT_TRUE(scorer) << scorer.error().message;
  return json::Serialize(scorer->ToJson());
}

const std::string& ScorerJson() {
  static const std::string json = TrainedScorerJson();
  return json;
}

// The example detector with a new version of transaction_model (2.0: 1.0 is the example's own)
// in a new ACTIVE version.
catalog::Catalog WithModel(const std::string& scorer_json) {
  catalog::Catalog c = testing::ExampleCatalog();
  EXPECT_TRUE(catalog::PutModel(c, {.model_id = "transaction_model", .event_type = "transaction"},
                                2));
  auto version = catalog::PutModelVersion(
      c,
      {.model_id = "transaction_model",
       .inputs = {"transaction_amount", "ip_address"},
       .scorer = {std::make_shared<const std::string>(scorer_json)}},
      2);
  EXPECT_TRUE(version) << version.error().message;
  catalog::DetectorVersion next = *c.ActiveVersion("transaction_detector");
  next.model_versions = {{"transaction_model", version.value_or("")}};
  auto n = catalog::CreateDetectorVersion(c, next, 3);
  EXPECT_TRUE(n) << n.error().message;
  EXPECT_TRUE(catalog::SetDetectorVersionStatus(c, "transaction_detector", *n,
                                                catalog::VersionStatus::kActive, 3));
  return c;
}

EventInput Event(double amount) {
  EventInput in;
  in.event_id = "e1";
  in.detector_id = "transaction_detector";
  in.fields = {{"transaction_amount", Value::Float(amount)},
               {"ip_address", Value::String("10.0.3.1")},
               {"account_id", Value::String("user_1")}};
  return in;
}

TEST(ModelScoring, TheScoreFillsItsVariableBeforeTheRules) {
  auto snapshot = Snapshot::Build(std::make_shared<catalog::Catalog>(WithModel(ScorerJson())));
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  auto scorer = *ml::ModelScorer::FromJson(*json::Parse(ScorerJson()));
  auto scratch = scorer.MakeScratch();
  for (double amount : {950.0, 120.0}) {
    auto d = Decide(*snapshot, Event(amount), 5'000'000);
    ASSERT_TRUE(d) << d.error().message;
    ASSERT_EQ(d->model_scores.size(), 1u);
    const double offline = *scorer.Score(
        std::vector<Value>{Value::Float(amount), Value::String("10.0.3.1")}, 5'000'000, scratch);
    EXPECT_EQ(d->model_scores[0].score, offline);
    EXPECT_EQ(d->insight_score, offline);
    const int slot = d->version->event_type->slot_of.at("transaction_model_insightscore");
    EXPECT_EQ(d->values[slot].number(), offline);
    EXPECT_EQ(d->model_scores[0].top_count, 2u);
    EXPECT_EQ(d->model_scores[0].top[0].input, 0u);  // the amount decides
    if (amount > 800) {
      EXPECT_GT(offline, 900);
      EXPECT_EQ(d->fraud_label, "FRAUD");
      EXPECT_EQ(d->evaluated[1].rule->rule_id, "high_model_score");
      EXPECT_TRUE(d->evaluated[1].matched);
    } else {
      EXPECT_LT(offline, 900);
      EXPECT_EQ(d->fraud_label, "LEGIT");
    }
    auto answer = json::Parse(AnswerJson(*d));
    const auto& m = answer->at("model_scores").at(0);
    EXPECT_EQ(m.at("model_id").as_string(), "transaction_model");
    EXPECT_EQ(m.at("model_version").as_string(), "2.0");
    EXPECT_EQ(m.at("score").to_number<double>(), offline);
    EXPECT_EQ(m.at("top_contributors").at(0).at("variable").as_string(), "transaction_amount");
    auto record = json::Parse(RecordJson(*d));
    EXPECT_EQ(record->at("model_scores"), answer->at("model_scores"));
    EXPECT_EQ(record->at("insight_score").to_number<double>(), offline);
  }
}

TEST(ModelScoring, ScorersAreCompiledOncePerStoredForm) {
  auto catalog = std::make_shared<catalog::Catalog>(WithModel(ScorerJson()));
  auto first = *Snapshot::Build(catalog);
  auto second = *Snapshot::Build(catalog, first.get());
  auto a = first->Resolve("transaction_detector", std::nullopt);
  auto b = second->Resolve("transaction_detector", std::nullopt);
  ASSERT_TRUE(a && b);
  EXPECT_EQ((*a)->models[0]->scorer.get(), (*b)->models[0]->scorer.get());
}

TEST(ModelScoring, AScorerThatDoesNotCompileIsRefusedNamingWhere) {
  auto stored = *json::Parse(ScorerJson());
  stored.at("xgboost_model").at("learner").at("objective").as_object()["name"] = "reg:squarederror";
  auto bad = Snapshot::Build(
      std::make_shared<catalog::Catalog>(WithModel(json::Serialize(stored))));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "scorer.xgboost_model.learner.objective.name");
  EXPECT_NE(bad.error().message.find("model 'transaction_model' version 2.0"), std::string::npos);

  stored = *json::Parse(ScorerJson());
  std::swap(stored.at("inputs").as_array()[0], stored.at("inputs").as_array()[1]);
  auto swapped = Snapshot::Build(
      std::make_shared<catalog::Catalog>(WithModel(json::Serialize(stored))));
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().field, "scorer.inputs[0]");
}

}  // namespace
}  // namespace vigil::engine
