// Our TreeSHAP against XGBoost's own pred_contribs, on models trained by the real libxgboost.
#include "ml/tree_shap.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ml/test_data.h"
#include "ml/xgboost_booster.h"
#include "ml/xgboost_json.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {
namespace {

using testing::MakeSyntheticData;
using testing::SyntheticData;

struct Trained {
  TrainedModel model;
  EnsembleSpec spec;
};
Trained Train(const SyntheticData& data, int rounds, int depth) {
  TrainOptions options;
  options.rounds = rounds;
  options.max_depth = depth;
  auto model = TrainXgboost(TrainingData{data.matrix(), data.labels, {}, {}}, options);
  EXPECT_TRUE(model) << model.error().message;
  auto spec = ParseXgboostJson(model->xgboost_json);
  EXPECT_TRUE(spec) << spec.error().message;
  return {std::move(*model), std::move(*spec)};
}

TEST(TreeShap, EqualsXgboostsContributionsAndAddsUpToTheMargin) {
  const SyntheticData train = MakeSyntheticData(5000, 10, 11);
  const Trained trained = Train(train, 50, 6);
  auto shap = TreeShap::Create(trained.spec);
  ASSERT_TRUE(shap) << shap.error().message;
  const SyntheticData rows = MakeSyntheticData(500, 10, 12, 0.2);  // 20% missing
  auto booster = XgboostBooster::FromJson(trained.model.xgboost_json);
  ASSERT_TRUE(booster);
  auto theirs = booster->Contributions(rows.matrix());
  ASSERT_TRUE(theirs) << theirs.error().message;
  const size_t width = rows.num_features + 1;
  double max_difference = 0, max_sum_error = 0;
  for (size_t r = 0; r < rows.num_rows; ++r) {
    auto ours = shap->Explain(rows.matrix().row(r));
    ASSERT_TRUE(ours);
    ASSERT_EQ(ours->size(), width);
    double sum = 0;
    for (size_t f = 0; f < width; ++f) {
      max_difference = std::max(max_difference, std::abs((*ours)[f] - (*theirs)[r * width + f]));
      sum += (*ours)[f];
    }
    const float margin = *trained.model.ensemble.PredictMargin(rows.matrix().row(r));
    max_sum_error = std::max(max_sum_error, std::abs(sum - margin));
  }
  // XGBoost computes in float, we in double: equal to float rounding.
  EXPECT_LT(max_difference, 1e-5);
  EXPECT_LT(max_sum_error, 1e-5);
}

TEST(TreeShap, AFeatureNoTreeSplitsOnContributesNothing) {
  SyntheticData train = MakeSyntheticData(3000, 6, 13);
  for (size_t r = 0; r < train.num_rows; ++r) train.values[r * 6 + 5] = 0.25f;  // constant
  const Trained trained = Train(train, 20, 4);
  auto shap = TreeShap::Create(trained.spec);
  ASSERT_TRUE(shap);
  for (size_t r = 0; r < 50; ++r) {
    auto phi = shap->Explain(train.matrix().row(r));
    ASSERT_TRUE(phi);
    EXPECT_EQ((*phi)[5], 0.0);
  }
}

TEST(TreeShap, RefusesAModelWithoutCoversAndARowOfTheWrongSize) {
  EnsembleSpec spec;
  spec.num_features = 2;
  TreeSpec tree;
  tree.nodes = {{1, 2, 0, 0.5f, true, 0, 10},
                {-1, -1, 0, 0, false, -1, 4},
                {-1, -1, 0, 0, false, 1, 0}};  // the right leaf has no cover
  spec.trees = {tree};
  auto refused = TreeShap::Create(spec);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "trees[0].nodes[2].cover");
  spec.trees[0].nodes[2].cover = 6;
  auto shap = TreeShap::Create(spec);
  ASSERT_TRUE(shap) << shap.error().message;
  EXPECT_DOUBLE_EQ(shap->bias(), (4 * -1.0 + 6 * 1.0) / 10);
  const float row[] = {0.0f, 0.0f};
  auto phi = shap->Explain(row);
  ASSERT_TRUE(phi);
  EXPECT_DOUBLE_EQ((*phi)[0], -1.0 - 0.2);  // the left leaf, less the mean
  EXPECT_FALSE(shap->Explain(std::span<const float>(row, 1)));
}

}  // namespace
}  // namespace vigil::ml
