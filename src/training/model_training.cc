#include "training/model_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "core/thousands.h"
#include "ml/metrics.h"
#include "ml/splits.h"
#include "ml/training_report.h"
#include "ml/tree_shap.h"
#include "ml/xgboost_json.h"

namespace vigil::training {

namespace {

// Rows of the hold-out explained for the importance: exact TreeSHAP costs milliseconds a row.
constexpr size_t kImportanceRows = 1000;

// Mean |TreeSHAP contribution| per input variable (its features summed) over a spread sample of
// `rows`, the most important first.
Result<std::vector<std::pair<std::string, double>>> Importance(const ml::FittedModel& fitted,
                                                               const ml::TrainingSet& set,
                                                               std::span<const size_t> rows) {
  VIGIL_TRY(spec, ml::ParseXgboostJson(fitted.model.xgboost_json));
  VIGIL_TRY(shap, ml::TreeShap::Create(spec));
  std::vector<size_t> sample;
  const size_t step = std::max<size_t>(1, rows.size() / kImportanceRows);
  for (size_t i = 0; i < rows.size(); i += step) sample.push_back(rows[i]);
  const std::vector<float> matrix = ml::EncodeRows(fitted, set, sample);
  const size_t width = fitted.feature_names.size();
  std::vector<double> total(fitted.encoders.size(), 0.0);
  for (size_t i = 0; i < sample.size(); ++i) {
    VIGIL_TRY(contributions, shap.Explain(std::span<const float>(matrix).subspan(i * width, width)));
    size_t feature = 0;
    for (size_t e = 0; e < fitted.encoders.size(); ++e) {
      double sum = 0;
      for (size_t w = 0; w < fitted.encoders[e].width(); ++w) sum += contributions[feature++];
      total[e] += std::abs(sum);
    }
  }
  std::vector<std::pair<std::string, double>> importance;
  for (size_t e = 0; e < fitted.encoders.size(); ++e) {
    importance.emplace_back(fitted.encoders[e].variable(),
                            total[e] / static_cast<double>(std::max<size_t>(1, sample.size())));
  }
  std::stable_sort(importance.begin(), importance.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return importance;
}

boost::json::object ValidationMetrics(const ml::DataChecks& checks) {
  boost::json::array file, field;
  for (const ml::DataMessage& m : checks.messages) {
    boost::json::object o{{"type", ml::SeverityName(m.severity)}, {"title", m.title},
                          {"content", m.content}};
    if (m.field.empty()) {
      file.push_back(std::move(o));
    } else {
      o["fieldName"] = m.field;
      field.push_back(std::move(o));
    }
  }
  return {{"fileLevelMessages", std::move(file)}, {"fieldLevelMessages", std::move(field)}};
}

}  // namespace

Result<TrainedModelVersion> TrainModelVersion(store::Store& store, catalog::CatalogPtr catalog,
                                              const ModelTrainingOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](std::string_view stage, int64_t done, int64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
  TrainingReplayOptions replay_options = options.replay;
  VIGIL_TRY(total, store.CountEvents(replay_options.event_type));
  replay_options.progress = [&](int64_t read) { progress("replay", read, total); };
  VIGIL_TRY(replay, ReplayTrainingSet(store, std::move(catalog), replay_options));
  const ml::TrainingSet& set = replay.set;
  if (set.rows() < 2) {
    return Fail(ErrorCode::kInvalidArgument,
                "training_data: " + Thousands(set.rows()) + " labelled events; a model needs more",
                "training_data");
  }
  const ml::Split split = ml::TimeOrderedHoldout(set.micros, options.holdout_share,
                                                 options.gap_micros);

  ml::FitOptions fit = options.fit;
  fit.xgboost.on_round = [&](int done, int rounds) { progress("train", done, rounds); };
  VIGIL_TRY(fitted, ml::FitModel(set, split.train, fit));

  progress("validate", 0, 1);
  const std::vector<double> probabilities = ml::PredictProbabilities(fitted, set, split.test);
  const auto fraud = std::make_unique<bool[]>(split.test.size());
  std::vector<double> legit_raw;
  size_t test_frauds = 0;
  for (size_t i = 0; i < split.test.size(); ++i) {
    fraud[i] = set.fraud[split.test[i]] != 0;
    test_frauds += fraud[i];
    if (!fraud[i]) legit_raw.push_back(probabilities[i]);
  }
  const std::span<const bool> labels(fraud.get(), split.test.size());
  if (test_frauds == 0 || legit_raw.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the hold-out (the latest " + Thousands(split.test.size()) +
                    " events) has no " + (test_frauds == 0 ? "fraud" : "legitimate") +
                    " event to validate on",
                "training_data");
  }
  VIGIL_TRY(calibration, ml::ScoreCalibration::Fit(legit_raw));
  std::vector<double> scores(probabilities.size());
  ml::TrainingReport report;
  for (size_t i = 0; i < scores.size(); ++i) {
    scores[i] = calibration.Score(probabilities[i]);
    (fraud[i] ? report.fraud_scores : report.legit_scores).push_back(scores[i]);
  }
  report.title = options.title;
  report.auc = ml::RocAuc(probabilities, labels);  // the scores are rounded: ties
  report.average_precision = ml::AveragePrecision(probabilities, labels);
  report.curve = ml::CurvePoints(scores, labels);
  VIGIL_TRY(importance, Importance(fitted, set, split.test));
  report.importance = importance;
  for (const ml::DataMessage& m : fitted.checks.messages) report.messages.push_back(ml::FormatMessage(m));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.summary = {
      Thousands(fitted.train_rows) + " training events (" + Thousands(fitted.train_frauds) +
          " fraud), " + Thousands(split.test.size()) + " validation events (" +
          Thousands(test_frauds) + " fraud): the latest " +
          std::to_string(static_cast<int>(std::lround(options.holdout_share * 100))) + "%",
      Thousands(replay.left_out) + " events left out by the label schema or the time window; " +
          Thousands(replay.counts.skipped) + " stored events no longer fit the event type",
      "trained in " + std::to_string(static_cast<int>(std::lround(seconds))) + " s"};

  boost::json::array points;
  for (const ml::CurvePoint& p : report.curve) {
    points.push_back({{"fpr", p.fpr}, {"precision", p.precision}, {"tpr", p.tpr},
                      {"threshold", p.threshold}});
  }
  boost::json::array log_odds;
  for (const auto& [name, value] : report.importance) {
    log_odds.push_back({{"variableName", name}, {"variableImportance", value}});
  }
  boost::json::object metrics{{"auc", report.auc ? report.auc->value : 0.5},
                              {"averagePrecision", report.average_precision.value_or(0)},
                              {"metricDataPoints", std::move(points)}};
  if (report.auc) {
    metrics["uncertaintyRange"] = {{"lowerBoundValue", report.auc->lower},
                                   {"upperBoundValue", report.auc->upper}};
  }
  boost::json::object result{
      {"dataValidationMetrics", ValidationMetrics(fitted.checks)},
      {"trainingMetrics", std::move(metrics)},
      {"variableImportanceMetrics", {{"logOddsMetrics", std::move(log_odds)}}},
      {"sizes",
       {{"trainingEvents", fitted.train_rows},
        {"trainingFrauds", fitted.train_frauds},
        {"validationEvents", split.test.size()},
        {"validationFrauds", test_frauds},
        {"leftOut", replay.left_out}}}};
  std::string html = ml::RenderTrainingReport(report);
  return TrainedModelVersion{std::move(fitted), std::move(calibration), std::move(result),
                             std::move(html), seconds};
}

}  // namespace vigil::training
