// Training with the real libxgboost, and our predictions against XGBoost's own on the same rows.
#include "ml/xgboost_trainer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "ml/test_data.h"
#include "ml/xgboost_booster.h"

namespace vigil::ml {
namespace {

using ::testing::HasSubstr;
using testing::MakeSyntheticData;
using testing::SyntheticData;

TrainingData DataOf(const SyntheticData& data) {
  return TrainingData{data.matrix(), data.labels, {}, {}};
}

// Max |ours - XGBoost's| over every row of `rows`, for probabilities and for margins.
struct Differences {
  double probability = 0;
  double margin = 0;
};
Differences CompareWithXgboost(const TrainedModel& model, const FeatureMatrix& rows) {
  auto booster = XgboostBooster::FromJson(model.xgboost_json);
  EXPECT_TRUE(booster) << booster.error().message;
  auto probabilities = booster->Predict(rows, false);
  auto margins = booster->Predict(rows, true);
  EXPECT_TRUE(probabilities && margins);
  Differences max;
  for (size_t r = 0; r < rows.num_rows; ++r) {
    const float ours = *model.ensemble.PredictProbability(rows.row(r));
    max.probability = std::max(max.probability, std::abs(double(ours) - (*probabilities)[r]));
    const float our_margin = *model.ensemble.PredictMargin(rows.row(r));
    max.margin = std::max(max.margin, std::abs(double(our_margin) - (*margins)[r]));
  }
  return max;
}

TEST(XgboostTrainer, TwoHundredDepthSixTreesPredictAsXgboostOnTenThousandRows) {
  const SyntheticData train = MakeSyntheticData(20000, 20, 1);
  TrainOptions options;
  options.rounds = 200;
  options.max_depth = 6;
  options.eta = 0.1;
  options.subsample = 0.8;
  options.colsample_bytree = 0.8;
  options.nthread = 2;
  auto model = TrainXgboost(DataOf(train), options);
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(model->ensemble.num_trees(), 200u);
  EXPECT_EQ(model->ensemble.num_features(), 20u);

  const SyntheticData test = MakeSyntheticData(10000, 20, 2, 0.2);  // 20% missing
  const Differences max = CompareWithXgboost(*model, test.matrix());
  EXPECT_LE(max.probability, 1e-6);
  EXPECT_LE(max.margin, 1e-5);
  RecordProperty("max_abs_probability_difference", std::to_string(max.probability));
  std::printf("max |ours - XGBoost|: probability %.3g, margin %.3g\n", max.probability, max.margin);
}

// Rows whose every value is a threshold of the model (or NaN): each split sees ties.
TEST(XgboostTrainer, ValuesExactlyAtThresholdsGoWhereXgboostSendsThem) {
  const SyntheticData train = MakeSyntheticData(5000, 8, 3);
  TrainOptions options;
  options.rounds = 50;
  auto model = TrainXgboost(DataOf(train), options);
  ASSERT_TRUE(model) << model.error().message;

  // The thresholds of each feature, read from XGBoost's own JSON.
  std::vector<std::vector<float>> thresholds(8);
  const auto json = boost::json::parse(model->xgboost_json);
  for (const auto& tree : json.at_pointer("/learner/gradient_booster/model/trees").as_array()) {
    const auto& left = tree.at("left_children").as_array();
    for (size_t i = 0; i < left.size(); ++i) {
      if (left[i].to_number<int>() == -1) continue;
      thresholds[tree.at("split_indices").as_array()[i].to_number<size_t>()].push_back(
          static_cast<float>(tree.at("split_conditions").as_array()[i].to_number<double>()));
    }
  }
  SyntheticData ties;
  ties.num_rows = 10000;
  ties.num_features = 8;
  std::mt19937 random(4);
  for (size_t r = 0; r < ties.num_rows; ++r) {
    for (size_t f = 0; f < 8; ++f) {
      const auto& options_f = thresholds[f];
      ties.values.push_back(options_f.empty() || random() % 8 == 0
                                ? std::numeric_limits<float>::quiet_NaN()
                                : options_f[random() % options_f.size()]);
    }
  }
  const Differences max = CompareWithXgboost(*model, ties.matrix());
  EXPECT_LE(max.probability, 1e-6);
  EXPECT_LE(max.margin, 1e-5);
}

TEST(XgboostTrainer, WeightsAndFeatureNamesAreUsed) {
  const SyntheticData train = MakeSyntheticData(3000, 5, 5);
  std::vector<float> weights(train.num_rows);
  for (size_t r = 0; r < weights.size(); ++r) weights[r] = train.labels[r] > 0 ? 5.0f : 1.0f;
  TrainingData data = DataOf(train);
  TrainOptions options;
  options.rounds = 20;
  auto unweighted = TrainXgboost(data, options);
  data.weights = weights;
  data.feature_names = {"amount", "hour", "velocity", "distance", "age"};
  auto weighted = TrainXgboost(data, options);
  ASSERT_TRUE(unweighted && weighted) << weighted.error().message;
  EXPECT_NE(unweighted->xgboost_json, weighted->xgboost_json);
  EXPECT_EQ(weighted->ensemble.feature_names(), data.feature_names);
  const SyntheticData test = MakeSyntheticData(10000, 5, 6);
  EXPECT_LE(CompareWithXgboost(*weighted, test.matrix()).probability, 1e-6);
}

TEST(XgboostTrainer, TheSameSeedGivesTheSameModel) {
  const SyntheticData train = MakeSyntheticData(3000, 10, 7);
  TrainOptions options;
  options.rounds = 20;
  options.subsample = 0.7;
  options.colsample_bytree = 0.6;
  options.seed = 42;
  auto first = TrainXgboost(DataOf(train), options);
  auto second = TrainXgboost(DataOf(train), options);
  options.seed = 43;
  auto other = TrainXgboost(DataOf(train), options);
  ASSERT_TRUE(first && second && other);
  EXPECT_EQ(first->xgboost_json, second->xgboost_json);
  EXPECT_NE(first->xgboost_json, other->xgboost_json);
}

TEST(XgboostTrainer, ReportsEachRound) {
  const SyntheticData train = MakeSyntheticData(500, 4, 8);
  TrainOptions options;
  options.rounds = 7;
  std::vector<std::pair<int, int>> calls;
  options.on_round = [&](int done, int rounds) { calls.emplace_back(done, rounds); };
  ASSERT_TRUE(TrainXgboost(DataOf(train), options));
  ASSERT_EQ(calls.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(calls[i], std::make_pair(i + 1, 7));
}

TEST(XgboostTrainer, RefusesBadDataAndOptionsWithXgboostsReason) {
  SyntheticData train = MakeSyntheticData(100, 4, 9);
  TrainingData data = DataOf(train);
  data.labels = std::span<const float>(train.labels).first(99);
  auto refused = TrainXgboost(data, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "labels");

  data = DataOf(train);
  data.features.num_features = 3;  // 400 values are not rows of 3
  EXPECT_EQ(TrainXgboost(data, {}).error().field, "features");

  train.labels[10] = 2;  // not a probability
  refused = TrainXgboost(DataOf(train), {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(refused.error().message, HasSubstr("XGBoosterUpdateOneIter"));
  EXPECT_THAT(refused.error().message, HasSubstr("label"));

  train.labels[10] = 1;
  TrainOptions options;
  options.tree_method = "no_such_method";
  refused = TrainXgboost(DataOf(train), options);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("no_such_method"));
  options = {};
  options.rounds = 0;
  EXPECT_EQ(TrainXgboost(DataOf(train), options).error().field, "rounds");
}

TEST(XgboostBooster, InPlaceRowPredictionEqualsBatchPrediction) {
  const SyntheticData train = MakeSyntheticData(2000, 6, 10);
  TrainOptions options;
  options.rounds = 30;
  auto model = TrainXgboost(DataOf(train), options);
  ASSERT_TRUE(model);
  auto booster = XgboostBooster::FromJson(model->xgboost_json);
  ASSERT_TRUE(booster);
  const SyntheticData test = MakeSyntheticData(200, 6, 11, 0.3);
  auto batch = booster->Predict(test.matrix(), false);
  ASSERT_TRUE(batch);
  for (size_t r = 0; r < test.num_rows; ++r) {
    auto one = booster->PredictRow(test.matrix().row(r));
    ASSERT_TRUE(one) << one.error().message;
    EXPECT_EQ(*one, (*batch)[r]) << "row " << r;
  }
  EXPECT_EQ(booster->PredictRow(std::vector<float>(5)).error().field, "row");
  EXPECT_FALSE(XgboostBooster::FromJson("{\"learner\": 1}"));
}

}  // namespace
}  // namespace vigil::ml
