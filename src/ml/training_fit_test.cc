// FitModel and the scoring of other rows: inputs that carry nothing are dropped, target encodings
// are fitted on the training rows alone, and the rows scored are encoded as serving encodes them.
#include "ml/training_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

#include "ml/metrics.h"

namespace vigil::ml {
namespace {

// 4,000 rows: `signal` separates the classes, `constant` is always 1, `merchant` is a category
// whose value "m_bad" is mostly fraud.
TrainingSet MakeSet(size_t rows = 4000) {
  std::mt19937_64 random(7);
  TrainingSet set;
  set.columns = {{"signal", EncodingKind::kNumber, {}, {}},
                 {"constant", EncodingKind::kNumber, {}, {}},
                 {"merchant", EncodingKind::kCategory, {}, {}}};
  for (size_t i = 0; i < rows; ++i) {
    const bool fraud = random() % 5 == 0;
    const double noise = static_cast<double>(random() % 1000) / 1000.0;
    set.columns[0].numbers.push_back(static_cast<float>((fraud ? 0.6 : 0.0) + noise));
    set.columns[1].numbers.push_back(1.0f);
    const bool bad = fraud ? random() % 2 == 0 : random() % 20 == 0;
    set.columns[2].values.push_back(Value::String(bad ? "m_bad" : "m" + std::to_string(random() % 30)));
    set.micros.push_back(static_cast<int64_t>(i) * 1'000'000);
    set.entity.push_back(static_cast<int64_t>(i % 100));
    set.fraud.push_back(fraud ? 1 : 0);
  }
  return set;
}

std::vector<size_t> Range(size_t from, size_t to) {
  std::vector<size_t> rows;
  for (size_t i = from; i < to; ++i) rows.push_back(i);
  return rows;
}

FitOptions Small() {
  FitOptions options;
  options.xgboost.rounds = 20;
  options.xgboost.max_depth = 3;
  options.checks.min_events_per_class = 100;
  return options;
}

TEST(FitModel, DropsAConstantInputAndSeparatesTheClassesOnRowsItDidNotSee) {
  const TrainingSet set = MakeSet();
  const auto train = Range(0, 3000), test = Range(3000, 4000);
  auto fitted = FitModel(set, train, Small());
  ASSERT_TRUE(fitted) << fitted.error().message;
  ASSERT_EQ(fitted->encoders.size(), 2u);
  EXPECT_EQ(fitted->encoders[0].variable(), "signal");
  EXPECT_EQ(fitted->encoders[1].variable(), "merchant");
  EXPECT_EQ(fitted->feature_names, (std::vector<std::string>{"signal", "merchant:fraud_rate"}));
  EXPECT_EQ(fitted->train_rows, 3000u);
  bool constant_reported = false;
  for (const DataMessage& m : fitted->checks.messages) constant_reported |= m.field == "constant";
  EXPECT_TRUE(constant_reported);

  const std::vector<double> margins = PredictMargins(*fitted, set, test);
  ASSERT_EQ(margins.size(), test.size());
  auto labels = std::make_unique<bool[]>(test.size());
  for (size_t i = 0; i < test.size(); ++i) labels[i] = set.fraud[test[i]] != 0;
  auto auc = RocAuc(margins, std::span<const bool>(labels.get(), test.size()));
  ASSERT_TRUE(auc);
  EXPECT_GT(auc->value, 0.9);
}

TEST(FitModel, ScoredRowsAreEncodedAsServingEncodesThem) {
  const TrainingSet set = MakeSet();
  auto fitted = FitModel(set, Range(0, 3000), Small());
  ASSERT_TRUE(fitted) << fitted.error().message;
  const std::vector<size_t> rows = {3000, 3001, 3002};
  const std::vector<float> encoded = EncodeRows(*fitted, set, rows);
  ASSERT_EQ(encoded.size(), 6u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(encoded[2 * i], set.columns[0].numbers[rows[i]]);
    float merchant = 0;
    fitted->encoders[1].Encode(set.columns[2].values[rows[i]], set.micros[rows[i]],
                               std::span<float>(&merchant, 1));
    EXPECT_EQ(encoded[2 * i + 1], merchant);
  }
  // The margin is the ensemble's for those features.
  const std::vector<double> margins = PredictMargins(*fitted, set, rows);
  auto direct = fitted->model.ensemble.PredictMargin(std::span<const float>(encoded).subspan(0, 2));
  ASSERT_TRUE(direct);
  EXPECT_EQ(margins[0], *direct);
  // The probability is the ensemble's own, in float: what a calibration is fitted on.
  auto probability =
      fitted->model.ensemble.PredictProbability(std::span<const float>(encoded).subspan(0, 2));
  ASSERT_TRUE(probability);
  EXPECT_EQ(PredictProbabilities(*fitted, set, rows)[0], static_cast<double>(*probability));
}

TEST(FitModel, TargetEncodingsLearnFromTheTrainingRowsAlone) {
  TrainingSet set = MakeSet();
  // A merchant seen only after the training rows, always fraud there.
  for (size_t i = 3000; i < 4000; i += 2) {
    set.columns[2].values[i] = Value::String("m_new");
    set.fraud[i] = 1;
  }
  auto fitted = FitModel(set, Range(0, 3000), Small());
  ASSERT_TRUE(fitted) << fitted.error().message;
  float unseen = 0, never = 0;
  fitted->encoders[1].Encode(Value::String("m_new"), 0, std::span<float>(&unseen, 1));
  fitted->encoders[1].Encode(Value::String("never_seen"), 0, std::span<float>(&never, 1));
  EXPECT_EQ(unseen, never);  // the training rows' overall rate, not the test rows' 100%
}

TEST(FitModel, TooFewFraudsIsRefusedWithTheDataCheck) {
  TrainingSet set = MakeSet(1000);
  for (size_t i = 0; i < set.rows(); ++i) set.fraud[i] = i < 50 ? 1 : 0;
  FitOptions options = Small();
  options.checks.min_events_per_class = 400;
  auto fitted = FitModel(set, Range(0, 1000), options);
  ASSERT_FALSE(fitted);
  EXPECT_EQ(fitted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fitted.error().field, "training_data");
  EXPECT_NE(fitted.error().message.find("ERROR"), std::string::npos) << fitted.error().message;
  EXPECT_NE(fitted.error().message.find("50"), std::string::npos) << fitted.error().message;
}

TEST(FitModel, OnlyConstantInputsIsRefused) {
  TrainingSet set = MakeSet();
  set.columns.erase(set.columns.begin());            // signal
  set.columns.erase(set.columns.begin() + 1);        // merchant
  auto fitted = FitModel(set, Range(0, 3000), Small());
  ASSERT_FALSE(fitted);
  EXPECT_NE(fitted.error().message.find("No usable variable"), std::string::npos)
      << fitted.error().message;
}

TEST(KeepRows, KeepsEveryColumnInStep) {
  TrainingSet set = MakeSet(10);
  const float third = set.columns[0].numbers[3];
  const Value third_merchant = set.columns[2].values[3];
  std::vector<bool> keep(10, false);
  keep[3] = keep[7] = true;
  KeepRows(set, keep);
  ASSERT_EQ(set.rows(), 2u);
  EXPECT_EQ(set.columns[0].numbers.size(), 2u);
  EXPECT_EQ(set.columns[0].numbers[0], third);
  EXPECT_EQ(set.columns[2].values[0], third_merchant);
  EXPECT_EQ(set.micros, (std::vector<int64_t>{3'000'000, 7'000'000}));
  EXPECT_EQ(set.entity.size(), 2u);
  EXPECT_EQ(set.fraud.size(), 2u);
}

}  // namespace
}  // namespace vigil::ml
