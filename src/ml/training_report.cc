#include "ml/training_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ml/score_calibration.h"

namespace vigil::ml {

namespace {

constexpr double kWidth = 440, kHeight = 330;
constexpr double kLeft = 56, kRight = 16, kTop = 44, kBottom = 46;
constexpr const char* kFraudColor = "#c0392b";
constexpr const char* kLegitColor = "#2e86c1";
constexpr const char* kNeutralColor = "#555";

std::string Number(double value, int decimals = 3) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// An axis tick: at most two decimals, no trailing zeros ("0.25", "0.5", "1", "750").
std::string Tick(double value) {
  std::string text = Number(value, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// One SVG chart: a frame with ticked axes over [x_min, x_max] × [y_min, y_max], and its marks.
class Chart {
 public:
  Chart(std::string title, std::string x_label, std::string y_label, double x_max, double y_max)
      : title_(std::move(title)),
        x_label_(std::move(x_label)),
        y_label_(std::move(y_label)),
        x_max_(x_max),
        y_max_(y_max) {}

  double X(double x) const { return kLeft + x / x_max_ * (kWidth - kLeft - kRight); }
  double Y(double y) const { return kHeight - kBottom - y / y_max_ * (kHeight - kTop - kBottom); }

  void Line(const std::vector<std::pair<double, double>>& points, const char* color,
            bool dashed = false) {
    marks_ += "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"2\"";
    if (dashed) marks_ += " stroke-dasharray=\"4 4\"";
    marks_ += " points=\"";
    for (const auto& [x, y] : points) marks_ += Number(X(x), 1) + "," + Number(Y(y), 1) + " ";
    marks_ += "\"/>\n";
  }

  void Bar(double x0, double x1, double height, const char* color) {
    marks_ += "<rect x=\"" + Number(X(x0), 1) + "\" y=\"" + Number(Y(height), 1) + "\" width=\"" +
              Number(X(x1) - X(x0), 1) + "\" height=\"" + Number(Y(0) - Y(height), 1) +
              "\" fill=\"" + color + "\" fill-opacity=\"0.55\"/>\n";
  }

  // A dashed vertical line at `x`, labelled on its left, the label on text row `row` from the top.
  void Marker(double x, const std::string& label, int row) {
    marks_ += "<line x1=\"" + Number(X(x), 1) + "\" x2=\"" + Number(X(x), 1) + "\" y1=\"" +
              Number(Y(0), 1) + "\" y2=\"" + Number(Y(y_max_), 1) +
              "\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>\n<text x=\"" + Number(X(x) - 4, 1) +
              "\" y=\"" + Number(Y(y_max_) + 12 + 13 * row, 1) +
              "\" font-size=\"10\" text-anchor=\"end\">" + Escape(label) + "</text>\n";
  }

  // A colour key in the row under the title, `slot` 0 the rightmost.
  void Legend(int slot, const char* color, const std::string& label) {
    const double x = kWidth - kRight - 95 - 100 * slot;
    marks_ += "<rect x=\"" + Number(x, 1) + "\" y=\"26\" width=\"10\" height=\"10\" fill=\"" +
              color + "\" fill-opacity=\"0.55\"/><text x=\"" + Number(x + 14, 1) +
              "\" y=\"35\" font-size=\"11\">" + Escape(label) + "</text>\n";
  }

  std::string Svg() const {
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Number(kWidth, 0) +
                      "\" height=\"" + Number(kHeight, 0) + "\" role=\"img\" aria-label=\"" +
                      Escape(title_) + "\">\n";
    svg += "<text x=\"" + Number(kLeft, 0) + "\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" +
           Escape(title_) + "</text>\n";
    for (int i = 0; i <= 4; ++i) {
      const double x = x_max_ * i / 4, y = y_max_ * i / 4;
      svg += "<line x1=\"" + Number(X(0), 1) + "\" x2=\"" + Number(X(x_max_), 1) + "\" y1=\"" +
             Number(Y(y), 1) + "\" y2=\"" + Number(Y(y), 1) + "\" stroke=\"#eee\"/>\n";
      svg += "<text x=\"" + Number(X(x), 1) + "\" y=\"" + Number(Y(0) + 14, 1) +
             "\" font-size=\"10\" text-anchor=\"middle\">" + Tick(x) + "</text>\n";
      svg += "<text x=\"" + Number(X(0) - 4, 1) + "\" y=\"" + Number(Y(y) + 3, 1) +
             "\" font-size=\"10\" text-anchor=\"end\">" + Tick(y) + "</text>\n";
    }
    svg += "<rect x=\"" + Number(X(0), 1) + "\" y=\"" + Number(Y(y_max_), 1) + "\" width=\"" +
           Number(X(x_max_) - X(0), 1) + "\" height=\"" + Number(Y(0) - Y(y_max_), 1) +
           "\" fill=\"none\" stroke=\"" + kNeutralColor + "\"/>\n";
    svg += "<text x=\"" + Number((X(0) + X(x_max_)) / 2, 1) + "\" y=\"" + Number(kHeight - 8, 1) +
           "\" font-size=\"11\" text-anchor=\"middle\">" + Escape(x_label_) + "</text>\n";
    svg += "<text transform=\"translate(14," + Number((Y(0) + Y(y_max_)) / 2, 1) +
           ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">" + Escape(y_label_) +
           "</text>\n";
    return svg + marks_ + "</svg>\n";
  }

 private:
  std::string title_, x_label_, y_label_;
  double x_max_, y_max_;
  std::string marks_;
};

std::string RocChart(const TrainingReport& r) {
  Chart chart("ROC curve", "false-positive rate", "true-positive rate", 1, 1);
  chart.Line({{0, 0}, {1, 1}}, "#bbb", true);
  std::vector<std::pair<double, double>> points = {{0, 0}};
  for (const CurvePoint& p : r.curve) points.emplace_back(p.fpr, p.tpr);
  chart.Line(points, kFraudColor);
  return chart.Svg();
}

std::string PrecisionRecallChart(const TrainingReport& r) {
  Chart chart("Precision-recall curve", "recall (true-positive rate)", "precision", 1, 1);
  std::vector<std::pair<double, double>> points;
  for (const CurvePoint& p : r.curve) points.emplace_back(p.tpr, p.precision);
  chart.Line(points, kFraudColor);
  return chart.Svg();
}

// Each class's share (%) per 25 points of score, with the thresholds rules usually use.
std::string ScoreDistributionChart(const TrainingReport& r) {
  constexpr int kBins = 40;
  auto shares = [](const std::vector<double>& scores) {
    std::vector<double> bins(kBins, 0);
    for (double s : scores) bins[std::clamp(static_cast<int>(s / 25), 0, kBins - 1)] += 1;
    for (double& b : bins) b *= 100.0 / static_cast<double>(std::max<size_t>(1, scores.size()));
    return bins;
  };
  const std::vector<double> fraud = shares(r.fraud_scores), legit = shares(r.legit_scores);
  double top = 4;
  for (int i = 0; i < kBins; ++i) top = std::max({top, fraud[i], legit[i]});
  Chart chart("Score distribution (hold-out)", "insight score", "% of the class", 1000,
              std::ceil(top / 4) * 4);
  for (int i = 0; i < kBins; ++i) {
    chart.Bar(i * 25.0, i * 25.0 + 25, legit[i], kLegitColor);
    chart.Bar(i * 25.0, i * 25.0 + 25, fraud[i], kFraudColor);
  }
  int row = 0;
  for (double threshold : {900.0, 600.0}) {
    chart.Marker(threshold,
                 Number(threshold, 0) + ": " + Number(100 * ScoreToFpr(threshold), 1) + "% FPR",
                 row++);
  }
  chart.Legend(0, kFraudColor, "fraud (" + std::to_string(r.fraud_scores.size()) + ")");
  chart.Legend(1, kLegitColor, "legit (" + std::to_string(r.legit_scores.size()) + ")");
  return chart.Svg();
}

std::string ImportanceTable(const TrainingReport& r) {
  if (r.importance.empty()) return "";
  const double top = std::max(1e-12, r.importance.front().second);
  std::string html = "<h2>Variable importance</h2>\n<table>\n";
  for (const auto& [name, value] : r.importance) {
    html += "<tr><td>" + Escape(name) + "</td><td class=\"num\">" + Number(value, 4) +
            "</td><td><div class=\"bar\" style=\"width:" + Number(200 * value / top, 0) +
            "px\"></div></td></tr>\n";
  }
  return html + "</table>\n";
}

std::string ThresholdTable(const TrainingReport& r) {
  if (r.curve.empty()) return "";
  std::string html =
      "<h2>At the usual thresholds</h2>\n<table>\n<tr><th>score &gt;=</th><th>FPR</th>"
      "<th>TPR (recall)</th><th>precision</th></tr>\n";
  for (double threshold : {950.0, 900.0, 800.0, 700.0, 600.0}) {
    // The curve goes from the highest threshold down: the last point still at or above it.
    const CurvePoint* at = nullptr;
    for (const CurvePoint& p : r.curve) {
      if (p.threshold >= threshold) at = &p;
    }
    if (at == nullptr) continue;
    html += "<tr><td class=\"num\">" + Number(threshold, 0) + "</td><td class=\"num\">" +
            Number(100 * at->fpr, 2) + "%</td><td class=\"num\">" + Number(100 * at->tpr, 1) +
            "%</td><td class=\"num\">" + Number(100 * at->precision, 1) + "%</td></tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace

std::string RenderTrainingReport(const TrainingReport& r) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     Escape(r.title) +
                     "</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                     ".charts{display:flex;flex-wrap:wrap;gap:12px}table{border-collapse:collapse}"
                     "td,th{padding:2px 10px;border-bottom:1px solid #eee}.num{text-align:right}"
                     ".bar{height:10px;background:#2e86c1}</style></head><body>\n<h1>" +
                     Escape(r.title) + "</h1>\n";
  for (const std::string& line : r.summary) html += "<p>" + Escape(line) + "</p>\n";
  if (r.auc) {
    html += "<p><b>AUC " + Number(r.auc->value) + "</b> (95% range " + Number(r.auc->lower) +
            " to " + Number(r.auc->upper) + ")";
    if (r.average_precision) html += ", average precision " + Number(*r.average_precision);
    html += "</p>\n";
  }
  html += "<div class=\"charts\">\n" + RocChart(r) + PrecisionRecallChart(r) +
          ScoreDistributionChart(r) + "</div>\n" + ThresholdTable(r) + ImportanceTable(r);
  if (!r.messages.empty()) {
    html += "<h2>Data checks</h2>\n<ul>\n";
    for (const std::string& m : r.messages) html += "<li>" + Escape(m) + "</li>\n";
    html += "</ul>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace vigil::ml
