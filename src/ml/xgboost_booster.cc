#include "ml/xgboost_booster.h"

#include <xgboost/c_api.h>

namespace vigil::ml {

namespace {

constexpr const char* kPredictProbability =
    R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})";
constexpr const char* kPredictMargin =
    R"({"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})";
constexpr const char* kPredictContributions =
    R"({"type":2,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})";
constexpr const char* kPredictApproximateContributions =
    R"({"type":3,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})";
constexpr const char* kPredictInPlace =
    R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,)"
    R"("missing":NaN,"cache_id":0})";

}  // namespace

Result<XgboostBooster> XgboostBooster::FromJson(std::string_view json) {
  VIGIL_TRY(booster, xgb::CreateBooster(nullptr));
  VIGIL_CHECK(xgb::Check(XGBoosterLoadModelFromBuffer(booster.get(), json.data(), json.size()),
                         "XGBoosterLoadModelFromBuffer", ErrorCode::kInvalidArgument));
  VIGIL_CHECK(xgb::Check(XGBoosterSetParam(booster.get(), "nthread", "1"), "XGBoosterSetParam"));
  bst_ulong num_features = 0;
  VIGIL_CHECK(
      xgb::Check(XGBoosterGetNumFeature(booster.get(), &num_features), "XGBoosterGetNumFeature"));
  DMatrixHandle proxy = nullptr;
  VIGIL_CHECK(xgb::Check(XGProxyDMatrixCreate(&proxy), "XGProxyDMatrixCreate"));
  return XgboostBooster(std::move(booster), xgb::DMatrix(proxy),
                        static_cast<uint32_t>(num_features));
}

Result<std::vector<float>> XgboostBooster::Predict(const FeatureMatrix& matrix,
                                                   bool margin) const {
  return PredictFromDMatrix(matrix, margin ? kPredictMargin : kPredictProbability, 1);
}

Result<std::vector<float>> XgboostBooster::Contributions(const FeatureMatrix& matrix) const {
  return PredictFromDMatrix(matrix, kPredictContributions, matrix.num_features + 1);
}

Result<std::vector<float>> XgboostBooster::ApproximateContributions(
    const FeatureMatrix& matrix) const {
  return PredictFromDMatrix(matrix, kPredictApproximateContributions, matrix.num_features + 1);
}

Result<std::vector<float>> XgboostBooster::PredictFromDMatrix(const FeatureMatrix& matrix,
                                                              const char* config,
                                                              size_t width) const {
  VIGIL_TRY(dmatrix, xgb::CreateDMatrix(matrix));
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* out = nullptr;
  VIGIL_CHECK(xgb::Check(XGBoosterPredictFromDMatrix(booster_.get(), dmatrix.get(), config,
                                                     &shape, &dimensions, &out),
                         "XGBoosterPredictFromDMatrix", ErrorCode::kInvalidArgument));
  size_t size = 1;
  for (bst_ulong d = 0; d < dimensions; ++d) size *= shape[d];
  if (dimensions == 0 || shape[0] != matrix.num_rows || size != matrix.num_rows * width) {
    return Fail(ErrorCode::kInternal, "XGBoost predicted an unexpected shape for a binary model");
  }
  return std::vector<float>(out, out + size);
}

Result<float> XgboostBooster::PredictRow(std::span<const float> row) {
  if (row.size() != num_features_) {
    return Fail(ErrorCode::kInvalidArgument,
                "the row has " + std::to_string(row.size()) + " values; the model takes " +
                    std::to_string(num_features_) + " features",
                "row");
  }
  const std::string values = xgb::ArrayInterface(row.data(), 1, row.size());
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* out = nullptr;
  VIGIL_CHECK(xgb::Check(XGBoosterPredictFromDense(booster_.get(), values.c_str(), kPredictInPlace,
                                                   proxy_.get(), &shape, &dimensions, &out),
                         "XGBoosterPredictFromDense", ErrorCode::kInvalidArgument));
  return out[0];
}

}  // namespace vigil::ml
