// XgboostBooster: a model loaded into XGBoost itself, to predict with the reference
// implementation. It is what our own inference (TreeEnsemble) is checked and measured against:
// tests compare the two on the same rows, and bench/micro/ml_bench times both.
//
// Predictions run on the calling thread (XGBoost's nthread is set to 1).
// Thread-safety: none; one booster per thread. PredictRow reuses one proxy DMatrix.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ml/feature_matrix.h"
#include "ml/xgboost_c.h"

namespace vigil::ml {

class XgboostBooster {
 public:
  // Loads a model XGBoost saved as JSON (XGBoosterSaveModelToBuffer with {"format":"json"}).
  static Result<XgboostBooster> FromJson(std::string_view json);

  // XGBoost's probabilities (or raw margins when `margin`) for every row of `matrix`, through a
  // DMatrix and XGBoosterPredictFromDMatrix.
  Result<std::vector<float>> Predict(const FeatureMatrix& matrix, bool margin) const;

  // XGBoost's SHAP contributions (pred_contribs) for every row: num_features + 1 values per row,
  // the bias last.
  Result<std::vector<float>> Contributions(const FeatureMatrix& matrix) const;
  // The same shape, by Saabas's approximation (approx_contribs).
  Result<std::vector<float>> ApproximateContributions(const FeatureMatrix& matrix) const;

  // XGBoost's probability for one row by in-place prediction (XGBoosterPredictFromDense) with a
  // proxy DMatrix kept between calls: XGBoost's fastest way to score a single row.
  Result<float> PredictRow(std::span<const float> row);

  uint32_t num_features() const { return num_features_; }

 private:
  // XGBoosterPredictFromDMatrix with `config`, checked to give `width` values per row.
  Result<std::vector<float>> PredictFromDMatrix(const FeatureMatrix& matrix, const char* config,
                                                size_t width) const;

  XgboostBooster(xgb::Booster booster, xgb::DMatrix proxy, uint32_t num_features)
      : booster_(std::move(booster)), proxy_(std::move(proxy)), num_features_(num_features) {}

  xgb::Booster booster_;
  xgb::DMatrix proxy_;
  uint32_t num_features_;
};

}  // namespace vigil::ml
