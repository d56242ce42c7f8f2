#include "ml/xgboost_trainer.h"

#include <xgboost/c_api.h>

#include <charconv>
#include <utility>

#include "ml/xgboost_c.h"
#include "ml/xgboost_json.h"

namespace vigil::ml {

namespace {

// The shortest text that reads back as `value` (std::to_string keeps only six decimals).
std::string NumberText(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

Status CheckData(const TrainingData& data) {
  VIGIL_CHECK(data.features.CheckShape());
  const size_t rows = data.features.num_rows;
  if (data.labels.size() != rows) {
    return Fail(
        ErrorCode::kInvalidArgument,
        std::to_string(data.labels.size()) + " labels for " + std::to_string(rows) + " rows",
        "labels");
  }
  if (!data.weights.empty() && data.weights.size() != rows) {
    return Fail(
        ErrorCode::kInvalidArgument,
        std::to_string(data.weights.size()) + " weights for " + std::to_string(rows) + " rows",
        "weights");
  }
  if (!data.feature_names.empty() && data.feature_names.size() != data.features.num_features) {
    return Fail(ErrorCode::kInvalidArgument,
                std::to_string(data.feature_names.size()) + " feature names for " +
                    std::to_string(data.features.num_features) + " features",
                "feature_names");
  }
  return {};
}

Status SetInfo(void* dmatrix, const char* field, std::span<const float> values) {
  return xgb::Check(
      XGDMatrixSetFloatInfo(dmatrix, field, values.data(), static_cast<bst_ulong>(values.size())),
      std::string("XGDMatrixSetFloatInfo(") + field + ")", ErrorCode::kInvalidArgument);
}

// On the booster, which is what saves them in the model (learner.feature_names).
Status SetFeatureNames(void* booster, const std::vector<std::string>& names) {
  std::vector<const char*> c_names;
  for (const std::string& name : names) c_names.push_back(name.c_str());
  return xgb::Check(XGBoosterSetStrFeatureInfo(booster, "feature_name", c_names.data(),
                                               static_cast<bst_ulong>(c_names.size())),
                    "XGBoosterSetStrFeatureInfo(feature_name)", ErrorCode::kInvalidArgument);
}

Status SetParams(void* booster, const TrainOptions& o) {
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"booster", "gbtree"},
      {"max_depth", std::to_string(o.max_depth)},
      {"eta", NumberText(o.eta)},
      {"subsample", NumberText(o.subsample)},
      {"colsample_bytree", NumberText(o.colsample_bytree)},
      {"min_child_weight", NumberText(o.min_child_weight)},
      {"lambda", NumberText(o.lambda)},
      {"scale_pos_weight", NumberText(o.scale_pos_weight)},
      {"seed", std::to_string(o.seed)},
      {"nthread", std::to_string(o.nthread)},
      {"tree_method", o.tree_method},
      {"verbosity", "1"},  // warnings, not training chatter
  };
  for (const auto& [name, value] : params) {
    VIGIL_CHECK(xgb::Check(XGBoosterSetParam(booster, name, value.c_str()),
                           std::string("XGBoosterSetParam(") + name + ", " + value + ")",
                           ErrorCode::kInvalidArgument));
  }
  return {};
}

Result<std::string> SaveJson(void* booster) {
  bst_ulong size = 0;
  const char* text = nullptr;
  VIGIL_CHECK(xgb::Check(XGBoosterSaveModelToBuffer(booster, R"({"format":"json"})", &size, &text),
                         "XGBoosterSaveModelToBuffer"));
  return std::string(text, size);
}

}  // namespace

Result<TrainedModel> TrainXgboost(const TrainingData& data, const TrainOptions& options) {
  VIGIL_CHECK(CheckData(data));
  if (options.rounds < 1) {
    return Fail(ErrorCode::kInvalidArgument, "rounds must be at least 1", "rounds");
  }
  VIGIL_TRY(dmatrix, xgb::CreateDMatrix(data.features));
  VIGIL_CHECK(SetInfo(dmatrix.get(), "label", data.labels));
  if (!data.weights.empty()) VIGIL_CHECK(SetInfo(dmatrix.get(), "weight", data.weights));
  VIGIL_TRY(booster, xgb::CreateBooster(dmatrix.get()));
  VIGIL_CHECK(SetParams(booster.get(), options));
  if (!data.feature_names.empty()) VIGIL_CHECK(SetFeatureNames(booster.get(), data.feature_names));
  for (int round = 0; round < options.rounds; ++round) {
    // Labels outside [0, 1] and bad parameter values are found here, at the first round.
    VIGIL_CHECK(xgb::Check(XGBoosterUpdateOneIter(booster.get(), round, dmatrix.get()),
                           "XGBoosterUpdateOneIter", ErrorCode::kInvalidArgument));
    if (options.on_round) options.on_round(round + 1, options.rounds);
  }
  VIGIL_TRY(json, SaveJson(booster.get()));
  VIGIL_TRY(ensemble, ImportXgboostJson(json));
  return TrainedModel{std::move(json), std::move(ensemble)};
}

}  // namespace vigil::ml
