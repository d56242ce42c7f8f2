// Training of a binary classifier with XGBoost (its C API), into XGBoost's JSON model and our own
// TreeEnsemble.
//
// Deterministic: the same data, options and seed give the same model, byte for byte, on the same
// machine and thread count.
// Thread-safety: TrainXgboost may run on several threads at once (each call owns its XGBoost
// handles); it blocks its caller for the whole training.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "ml/feature_matrix.h"
#include "ml/tree_ensemble.h"

namespace vigil::ml {

struct TrainingData {
  FeatureMatrix features;                  // one row per example, NaN for a missing value
  std::span<const float> labels;           // one per row: 1 positive (fraud), 0 negative
  std::span<const float> weights;          // empty (every row weighs 1) or one non-negative per row
  std::vector<std::string> feature_names;  // empty, or one per feature
};

// XGBoost's parameters for a binary:logistic gbtree model; the defaults are XGBoost's own except
// nthread and seed.
struct TrainOptions {
  // Boosting rounds: the number of trees (one per round for a binary model).
  int rounds = 100;
  // Maximum depth of a tree.
  int max_depth = 6;
  // Learning rate: each tree's leaf values are scaled by it.
  double eta = 0.3;
  // Fraction of the rows sampled for each tree (1: all).
  double subsample = 1.0;
  // Fraction of the features sampled for each tree (1: all).
  double colsample_bytree = 1.0;
  // Minimum sum of hessians (about: of rows) in a child for a split to be kept.
  double min_child_weight = 1.0;
  // L2 regularisation of leaf weights.
  double lambda = 1.0;
  // Weight of the positive class relative to the negative; for rare fraud, about
  // negatives / positives.
  double scale_pos_weight = 1.0;
  // Seed of the row and feature sampling.
  int64_t seed = 0;
  // Threads XGBoost trains with. A model depends on it only through float summation order, so
  // determinism holds for a fixed value.
  int nthread = 1;
  // XGBoost's tree construction: "hist" (histograms, fast), "approx" or "exact".
  std::string tree_method = "hist";
  // Called after each round with the rounds completed and the total, on the training thread;
  // may be empty.
  std::function<void(int done, int rounds)> on_round;
};

struct TrainedModel {
  std::string xgboost_json;  // XGBoost's own JSON model (what XGBoosterSaveModel writes)
  TreeEnsemble ensemble;     // the same model, imported for inference
};

// Trains on `data`. Errors: kInvalidArgument for data of the wrong shape or options XGBoost
// refuses (its message included), kInternal for other XGBoost failures.
Result<TrainedModel> TrainXgboost(const TrainingData& data, const TrainOptions& options);

}  // namespace vigil::ml
