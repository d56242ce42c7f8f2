#include "ml/training_fit.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace vigil::ml {

namespace {

// Writes row `rows[i]` of `set` through `encoders` (one per column in `columns`) into `out`:
// a training row (out-of-fold target encodings, `training`) or a serving one.
void EncodeRow(const TrainingSet& set, std::span<const size_t> columns,
               std::span<const VariableEncoder> encoders, std::span<const size_t> rows, size_t i,
               bool training, std::span<float> out) {
  const size_t row = rows[i];
  size_t at = 0;
  for (size_t e = 0; e < encoders.size(); ++e) {
    const TrainingColumn& column = set.columns[columns[e]];
    const VariableEncoder& encoder = encoders[e];
    const std::span<float> slot = out.subspan(at, encoder.width());
    if (!KeepsValues(column.kind)) {
      slot[0] = column.numbers[row];
    } else if (training) {
      encoder.EncodeTrainingRow(i, column.values[row], set.micros[row], slot);
    } else {
      encoder.Encode(column.values[row], set.micros[row], slot);
    }
    at += encoder.width();
  }
}

size_t Width(std::span<const VariableEncoder> encoders) {
  size_t width = 0;
  for (const VariableEncoder& e : encoders) width += e.width();
  return width;
}

std::vector<float> EncodeMatrix(const TrainingSet& set, std::span<const size_t> columns,
                                std::span<const VariableEncoder> encoders,
                                std::span<const size_t> rows, bool training) {
  const size_t width = Width(encoders);
  std::vector<float> matrix(rows.size() * width);
  for (size_t i = 0; i < rows.size(); ++i) {
    EncodeRow(set, columns, encoders, rows, i, training,
              std::span<float>(matrix).subspan(i * width, width));
  }
  return matrix;
}

std::vector<std::string> FeatureNames(std::span<const VariableEncoder> encoders) {
  std::vector<std::string> names;
  for (const VariableEncoder& e : encoders) {
    names.insert(names.end(), e.feature_names().begin(), e.feature_names().end());
  }
  return names;
}

// The set's column of each encoder, by variable name.
std::vector<size_t> ColumnsOf(const TrainingSet& set, std::span<const VariableEncoder> encoders) {
  std::vector<size_t> columns;
  for (const VariableEncoder& e : encoders) {
    for (size_t c = 0; c < set.columns.size(); ++c) {
      if (set.columns[c].variable == e.variable()) columns.push_back(c);
    }
  }
  return columns;
}

}  // namespace

Result<FittedModel> FitModel(const TrainingSet& set, std::span<const size_t> rows,
                             const FitOptions& options) {
  size_t train_frauds = 0;
  const auto fraud = std::make_unique<bool[]>(rows.size());
  std::vector<float> labels(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    fraud[i] = set.fraud[rows[i]] != 0;
    labels[i] = fraud[i] ? 1.0f : 0.0f;
    train_frauds += fraud[i];
  }
  const std::span<const bool> fraud_span(fraud.get(), rows.size());

  std::vector<VariableEncoder> encoders;
  for (const TrainingColumn& column : set.columns) {
    std::vector<Value> values;
    if (KeepsValues(column.kind)) {
      values.reserve(rows.size());
      for (size_t row : rows) values.push_back(column.values[row]);
    }
    encoders.push_back(VariableEncoder::Fit(column.variable, column.kind, values,
                                            KeepsValues(column.kind) ? fraud_span
                                                                     : std::span<const bool>{},
                                            options.targets));
  }
  std::vector<size_t> columns = ColumnsOf(set, encoders);
  std::vector<float> matrix = EncodeMatrix(set, columns, encoders, rows, /*training=*/true);
  std::vector<std::string> names = FeatureNames(encoders);
  const FeatureMatrix features{matrix, rows.size(), names.size()};
  VIGIL_CHECK(features.CheckShape());
  DataChecks checks = CheckTrainingData(features, names, fraud_span, options.checks);
  if (!checks.ok()) {
    std::string message;
    for (const DataMessage& m : checks.messages) {
      if (m.severity == Severity::kError) message += (message.empty() ? "" : "; ") + FormatMessage(m);
    }
    return Fail(ErrorCode::kInvalidArgument, message, "training_data");
  }

  // A variable goes when none of its features is of any use (the checks refused the data when
  // no feature is).
  std::vector<VariableEncoder> kept;
  size_t feature = 0;
  for (VariableEncoder& e : encoders) {
    const auto first = checks.keep.begin() + static_cast<std::ptrdiff_t>(feature);
    feature += e.width();
    if (std::any_of(first, checks.keep.begin() + static_cast<std::ptrdiff_t>(feature),
                    [](bool k) { return k; })) {
      kept.push_back(std::move(e));
    }
  }
  if (kept.size() != encoders.size()) {
    columns = ColumnsOf(set, kept);
    matrix = EncodeMatrix(set, columns, kept, rows, /*training=*/true);
    names = FeatureNames(kept);
  }
  TrainingData data{{matrix, rows.size(), names.size()}, labels, {}, names};
  VIGIL_TRY(model, TrainXgboost(data, options.xgboost));
  return FittedModel{std::move(kept), std::move(names),      std::move(model),
                     std::move(checks), rows.size(), train_frauds};
}

std::vector<float> EncodeRows(const FittedModel& fitted, const TrainingSet& set,
                              std::span<const size_t> rows) {
  return EncodeMatrix(set, ColumnsOf(set, fitted.encoders), fitted.encoders, rows,
                      /*training=*/false);
}

namespace {

template <typename Predict>
std::vector<double> PredictEach(const FittedModel& fitted, const TrainingSet& set,
                                std::span<const size_t> rows, Predict predict) {
  const std::vector<float> matrix = EncodeRows(fitted, set, rows);
  const size_t width = fitted.feature_names.size();
  std::vector<double> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto value = predict(std::span<const float>(matrix).subspan(i * width, width));
    out[i] = value ? *value : 0.0;  // the width is the model's own: it cannot fail
  }
  return out;
}

}  // namespace

std::vector<double> PredictMargins(const FittedModel& fitted, const TrainingSet& set,
                                   std::span<const size_t> rows) {
  return PredictEach(fitted, set, rows, [&](std::span<const float> row) {
    return fitted.model.ensemble.PredictMargin(row);
  });
}

std::vector<double> PredictProbabilities(const FittedModel& fitted, const TrainingSet& set,
                                         std::span<const size_t> rows) {
  return PredictEach(fitted, set, rows, [&](std::span<const float> row) {
    return fitted.model.ensemble.PredictProbability(row);
  });
}

}  // namespace vigil::ml
