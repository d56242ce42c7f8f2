#include "ml/training_report.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::ml {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TrainingReport Example() {
  std::mt19937_64 random(5);
  std::normal_distribution<double> legit(300, 150), fraud(800, 120);
  TrainingReport r;
  r.title = "card_model <version> 1.0";
  r.summary = {"67,240 events, 15% hold-out"};
  std::vector<double> scores;
  std::vector<char> labels;
  for (int i = 0; i < 5000; ++i) {
    const bool is_fraud = i % 50 == 0;
    const double s = std::clamp(is_fraud ? fraud(random) : legit(random), 0.0, 1000.0);
    (is_fraud ? r.fraud_scores : r.legit_scores).push_back(s);
    scores.push_back(s);
    labels.push_back(is_fraud);
  }
  const std::span<const bool> label_span(reinterpret_cast<const bool*>(labels.data()),
                                         labels.size());
  r.auc = RocAuc(scores, label_span);
  r.average_precision = AveragePrecision(scores, label_span);
  r.curve = CurvePoints(scores, label_span, 50);
  r.importance = {{"terminal_id_risk_7day_window", 0.4}, {"tx_amount", 0.2}};
  r.messages = {"WARNING terminal_id: a STRING variable with 10,000 values & more"};
  return r;
}

TEST(TrainingReport, IsOneSelfContainedPageWithThreeCharts) {
  const TrainingReport r = Example();
  const std::string html = RenderTrainingReport(r);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(Count(html, "<svg "), 3u);
  EXPECT_EQ(Count(html, "</svg>"), 3u);
  // Nothing to fetch: the only URLs are the SVG namespace.
  EXPECT_EQ(Count(html, "http"), Count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(Count(html, "<script"), 0u);
  // The ROC line has the origin and one vertex per curve point.
  const size_t roc = html.find("ROC curve");
  const size_t line =
      html.find("<polyline", html.find("<polyline", roc) + 1);  // after the diagonal
  const size_t end = html.find("\"/>", line);
  const std::string vertices = html.substr(line, end - line);
  EXPECT_EQ(Count(vertices, ","), r.curve.size() + 1);
  // Two histograms of 40 bins each, and the thresholds marked with their false-positive rates.
  EXPECT_EQ(Count(html, "<rect x="), 80u + 3 + 2);  // the bars, three frames, two colour keys
  EXPECT_NE(html.find("900: 2.1% FPR"), std::string::npos);
  EXPECT_NE(html.find("600: 10.0% FPR"), std::string::npos);
}

TEST(TrainingReport, ShowsTheFiguresAndEscapesText) {
  const TrainingReport r = Example();
  const std::string html = RenderTrainingReport(r);
  EXPECT_NE(html.find("card_model &lt;version&gt; 1.0"), std::string::npos);
  EXPECT_EQ(html.find("<version>"), std::string::npos);
  char auc[32];
  std::snprintf(auc, sizeof auc, "AUC %.3f", r.auc->value);
  EXPECT_NE(html.find(auc), std::string::npos);
  EXPECT_NE(html.find("terminal_id_risk_7day_window"), std::string::npos);
  EXPECT_NE(html.find("10,000 values &amp; more"), std::string::npos);
  EXPECT_EQ(Count(html, "<tr><td class=\"num\">"), 5u);  // the five usual thresholds
}

TEST(TrainingReport, AnEmptyReportStillRenders) {
  const std::string html = RenderTrainingReport(TrainingReport{.title = "untrained"});
  EXPECT_EQ(Count(html, "<svg "), 3u);
  EXPECT_EQ(html.find("AUC"), std::string::npos);
}

}  // namespace
}  // namespace vigil::ml
