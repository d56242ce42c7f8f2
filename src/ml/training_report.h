// The training report: one static HTML page with a model version's quality as AFD's console
// shows it, and more — the ROC and precision-recall curves, the score distributions of fraud
// and legitimate hold-out events with AFD's usual thresholds marked, variable importance, and
// the data checks' messages. Charts are inline SVG: no script, no network, any browser.
//
//   TrainingReport report{.title = "card_model 1.0", ...};
//   WriteFile("report.html", RenderTrainingReport(report));
//
// Pure: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ml/metrics.h"

namespace vigil::ml {

struct TrainingReport {
  std::string title = {};                 // e.g. "card_payments_model version 1.0"
  std::vector<std::string> summary = {};  // lines under the title: data sizes, hold-out, duration
  std::optional<Auc> auc = {};
  std::optional<double> average_precision = {};
  // The hold-out's curves over the insight score (CurvePoints of scores 0..1000).
  std::vector<CurvePoint> curve = {};
  // Hold-out insight scores (0..1000) of the fraud and the legitimate events.
  std::vector<double> fraud_scores = {};
  std::vector<double> legit_scores = {};
  // Variables by importance, the most important first.
  std::vector<std::pair<std::string, double>> importance = {};
  // The data checks' messages, one line each ("WARNING tx_amount: 12% missing ...").
  std::vector<std::string> messages = {};
};

std::string RenderTrainingReport(const TrainingReport& report);

}  // namespace vigil::ml
