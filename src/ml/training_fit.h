// Fitting a model on some rows of a TrainingSet and scoring others: the encoders (target
// encodings fitted on the training rows alone, out of fold for those rows), the data checks
// (constant and empty inputs dropped, too few events of a class refused), then XGBoost.
//
// What `vigil train` and `vigil evaluate` share, so that the model measured is the model served:
// EncodeRows encodes the way serving does (VariableEncoder::Encode).
//
// Thread-safety: FitModel blocks for the training; the results are immutable and shareable.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "ml/data_checks.h"
#include "ml/target_encoding.h"
#include "ml/training_set.h"
#include "ml/variable_encoder.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {

struct FitOptions {
  TrainOptions xgboost = {};        // the booster's parameters
  DataCheckOptions checks = {};     // the thresholds of the data checks
  TargetEncodingOptions targets = {};
};

struct FittedModel {
  std::vector<VariableEncoder> encoders;    // the inputs kept, in the set's column order
  std::vector<std::string> feature_names;   // the encoders' features, in order
  TrainedModel model;                       // XGBoost's JSON and our ensemble of it
  DataChecks checks;                        // on the training rows, before inputs were dropped
  size_t train_rows = 0, train_frauds = 0;
};

// Fits on `rows` of `set` (indices, any order). Errors: kInvalidArgument with the data checks'
// ERROR messages (too few events of a class, no usable input), or XGBoost's.
Result<FittedModel> FitModel(const TrainingSet& set, std::span<const size_t> rows,
                             const FitOptions& options);

// The model's features for `rows` of `set`, encoded as serving encodes them, row after row.
std::vector<float> EncodeRows(const FittedModel& fitted, const TrainingSet& set,
                              std::span<const size_t> rows);

// The model's margins (log-odds) for `rows` of `set`.
std::vector<double> PredictMargins(const FittedModel& fitted, const TrainingSet& set,
                                   std::span<const size_t> rows);
// Its probabilities, exactly as TreeEnsemble::PredictProbability computes them (in float): the
// raw output a score calibration is fitted on (ml/model_scorer.h).
std::vector<double> PredictProbabilities(const FittedModel& fitted, const TrainingSet& set,
                                         std::span<const size_t> rows);

}  // namespace vigil::ml
