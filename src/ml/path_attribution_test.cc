// Path attributions against XGBoost's own approx_contribs, on a model trained by libxgboost.
#include "ml/path_attribution.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ml/test_data.h"
#include "ml/xgboost_booster.h"
#include "ml/xgboost_json.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {
namespace {

TEST(PathAttribution, EqualsXgboostsApproximateContributionsAndAddsUpToTheMargin) {
  const auto train = testing::MakeSyntheticData(5000, 10, 21);
  TrainOptions options;
  options.rounds = 60;
  auto model = TrainXgboost(TrainingData{train.matrix(), train.labels, {}, {}}, options);
  ASSERT_TRUE(model) << model.error().message;
  auto spec = ParseXgboostJson(model->xgboost_json);
  ASSERT_TRUE(spec);
  auto paths = PathAttribution::Create(*spec);
  ASSERT_TRUE(paths) << paths.error().message;
  auto booster = XgboostBooster::FromJson(model->xgboost_json);
  ASSERT_TRUE(booster);
  const auto rows = testing::MakeSyntheticData(500, 10, 22, 0.2);
  auto theirs = booster->ApproximateContributions(rows.matrix());
  ASSERT_TRUE(theirs) << theirs.error().message;
  std::vector<double> ours(11);
  double max_difference = 0, max_sum_error = 0;
  for (size_t r = 0; r < rows.num_rows; ++r) {
    ASSERT_TRUE(paths->Explain(rows.matrix().row(r), ours));
    double sum = 0;
    for (size_t f = 0; f < ours.size(); ++f) {
      max_difference = std::max(max_difference, std::abs(ours[f] - (*theirs)[r * 11 + f]));
      sum += ours[f];
    }
    max_sum_error = std::max(max_sum_error,
                             std::abs(sum - *model->ensemble.PredictMargin(rows.matrix().row(r))));
  }
  EXPECT_LT(max_difference, 1e-5);
  EXPECT_LT(max_sum_error, 1e-5);
  std::vector<double> small(3);
  EXPECT_FALSE(paths->Explain(rows.matrix().row(0), small));
}

}  // namespace
}  // namespace vigil::ml
