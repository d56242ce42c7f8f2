#include "ml/model_scorer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/json.h"
#include "ml/test_data.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {
namespace {

// A model over four numeric inputs "x0".."x3", trained by libxgboost on synthetic data, with a
// calibration fitted on the probabilities of the negative rows.
struct Fixture {
  testing::SyntheticData data = testing::MakeSyntheticData(3000, 4, 7);
  std::vector<VariableEncoder> inputs;
  std::string xgboost_json;
  std::vector<double> legit_raw;

  Fixture() {
    for (size_t f = 0; f < 4; ++f) inputs.push_back(VariableEncoder::Fit("x" + std::to_string(f),
                                                                         EncodingKind::kNumber, {},
                                                                         {}));
    TrainOptions options;
    options.rounds = 20;
    options.max_depth = 4;
    auto model = TrainXgboost(TrainingData{data.matrix(), data.labels, {}, {}}, options);
    EXPECT_TRUE(model) << model.error().message;
    xgboost_json = model->xgboost_json;
    for (size_t r = 0; r < data.num_rows; ++r) {
      if (data.labels[r] == 0) {
        legit_raw.push_back(*model->ensemble.PredictProbability(data.matrix().row(r)));
      }
    }
  }
  std::vector<Value> Row(size_t r) const {
    std::vector<Value> values;
    for (float x : data.matrix().row(r)) {
      values.push_back(std::isnan(x) ? Value::Null() : Value::Float(x));
    }
    return values;
  }
  Result<ModelScorer> Make() const {
    return ModelScorer::Create(inputs, xgboost_json, *ScoreCalibration::Fit(legit_raw));
  }
};

TEST(ModelScorer, ScoresAsTheCalibrationOfTheEnsemblesProbability) {
  Fixture f;
  auto scorer = f.Make();
  ASSERT_TRUE(scorer) << scorer.error().message;
  auto calibration = *ScoreCalibration::Fit(f.legit_raw);
  auto scratch = scorer->MakeScratch();
  size_t high = 0;
  for (size_t r = 0; r < 200; ++r) {
    auto score = scorer->Score(f.Row(r), 0, scratch);
    ASSERT_TRUE(score);
    const double raw = *scorer->ensemble().PredictProbability(f.data.matrix().row(r));
    EXPECT_EQ(*score, calibration.Score(raw));
    EXPECT_EQ(scorer->RawOutput(scratch), raw);
    EXPECT_GE(*score, 0);
    EXPECT_LE(*score, 1000);
    high += *score > 900;
  }
  EXPECT_GT(high, 0u);
  EXPECT_FALSE(scorer->Score(std::vector<Value>(3), 0, scratch));
}

TEST(ModelScorer, TheStoredFormGivesTheSameScores) {
  Fixture f;
  auto scorer = f.Make();
  ASSERT_TRUE(scorer);
  const std::string text = json::Serialize(scorer->ToJson());
  auto again = ModelScorer::FromJson(*json::Parse(text));
  ASSERT_TRUE(again) << again.error().message;
  // Stable from the first round trip on (the numbers' text may change once, not their values).
  const std::string stored = json::Serialize(again->ToJson());
  EXPECT_EQ(json::Serialize(ModelScorer::FromJson(*json::Parse(stored))->ToJson()), stored);
  auto a = scorer->MakeScratch();
  auto b = again->MakeScratch();
  for (size_t r = 0; r < 100; ++r) {
    EXPECT_EQ(*scorer->Score(f.Row(r), 0, a), *again->Score(f.Row(r), 0, b));
    EXPECT_EQ(scorer->RawOutput(a), again->RawOutput(b));
  }
}

TEST(ModelScorer, ContributionsAddUpToTheMarginAndComeLargestFirst) {
  Fixture f;
  auto scorer = f.Make();
  ASSERT_TRUE(scorer);
  ASSERT_TRUE(scorer->explains());
  auto scratch = scorer->MakeScratch();
  for (size_t r = 0; r < 50; ++r) {
    ASSERT_TRUE(scorer->Score(f.Row(r), 0, scratch));
    InputContribution top[3];
    ASSERT_EQ(scorer->Explain(scratch, top), 3u);
    double sum = scratch.contributions.back();
    for (double c : scratch.per_input) sum += c;
    EXPECT_NEAR(sum, *scorer->ensemble().PredictMargin(scratch.row), 1e-5);
    EXPECT_GE(std::abs(top[0].contribution), std::abs(top[1].contribution));
    EXPECT_GE(std::abs(top[1].contribution), std::abs(top[2].contribution));
    for (const auto& t : top) EXPECT_EQ(t.contribution, scratch.per_input[t.input]);
    InputContribution all[8];
    EXPECT_EQ(scorer->Explain(scratch, all), 4u);  // no more than there are inputs
  }
}

TEST(ModelScorer, RefusesWhatDoesNotFitNamingWhere) {
  Fixture f;
  auto calibration = *ScoreCalibration::Fit(f.legit_raw);
  auto three = f.inputs;
  three.pop_back();
  auto wrong_width = ModelScorer::Create(three, f.xgboost_json, calibration);
  ASSERT_FALSE(wrong_width);
  EXPECT_NE(wrong_width.error().message.find("4 features"), std::string::npos);
  auto twice = f.inputs;
  twice[3] = VariableEncoder::Fit("x0", EncodingKind::kNumber, {}, {});
  auto duplicate = ModelScorer::Create(twice, f.xgboost_json, calibration);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().field, "inputs[3]");
  auto json = *json::Parse(f.xgboost_json);
  json.at("learner").at("objective").as_object()["name"] = "multi:softprob";
  auto bad = ModelScorer::Create(f.inputs, boost::json::serialize(json), calibration);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "xgboost_model.learner.objective.name");
  EXPECT_FALSE(ModelScorer::Create({}, f.xgboost_json, calibration));

  auto stored = f.Make()->ToJson();
  stored["calibration"] = boost::json::object{{"knots", boost::json::array{}}};
  auto no_knots = ModelScorer::FromJson(stored);
  ASSERT_FALSE(no_knots);
  EXPECT_EQ(no_knots.error().field, "calibration.knots");
  stored.erase("calibration");
  stored["extra"] = 1;
  EXPECT_EQ(ModelScorer::FromJson(stored).error().field, "extra");
}

}  // namespace
}  // namespace vigil::ml
