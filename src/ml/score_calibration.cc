#include "ml/score_calibration.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace vigil::ml {

namespace {

// AFD's curve, by false-positive rate ascending.
struct CurvePoint {
  double fpr, score;
};
constexpr CurvePoint kCurve[] = {{0.00, 1000}, {0.01, 955}, {0.02, 905}, {0.03, 860}, {0.04, 820},
                                 {0.05, 775},  {0.06, 740}, {0.10, 600}, {1.00, 0}};

double Lerp(double x, double x0, double x1, double y0, double y1) {
  return x1 == x0 ? y0 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

// False-positive rates the knots are placed at: every 0.1% up to 10% (where thresholds are set),
// then every 1% up to 100%, and below 0.1% down to one event in a million by factors of 1.25.
std::vector<double> KnotRates() {
  std::vector<double> rates;
  for (double r = 0.001; r > 1e-6; r /= 1.25) rates.push_back(r);
  std::reverse(rates.begin(), rates.end());
  for (int i = 2; i <= 100; ++i) rates.push_back(i / 1000.0);
  for (int i = 11; i <= 100; ++i) rates.push_back(i / 100.0);
  return rates;
}

}  // namespace

double FprToScore(double fpr) {
  fpr = std::clamp(fpr, 0.0, 1.0);
  for (size_t i = 1; i < std::size(kCurve); ++i) {
    if (fpr <= kCurve[i].fpr) {
      return Lerp(fpr, kCurve[i - 1].fpr, kCurve[i].fpr, kCurve[i - 1].score, kCurve[i].score);
    }
  }
  return 0;
}

double ScoreToFpr(double score) {
  score = std::clamp(score, 0.0, 1000.0);
  for (size_t i = 1; i < std::size(kCurve); ++i) {
    if (score >= kCurve[i].score) {
      return Lerp(score, kCurve[i - 1].score, kCurve[i].score, kCurve[i - 1].fpr, kCurve[i].fpr);
    }
  }
  return 1;
}

Result<ScoreCalibration> ScoreCalibration::Fit(std::span<const double> legit_raw) {
  if (legit_raw.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "no legitimate events in the hold-out to calibrate the score on");
  }
  std::vector<double> sorted(legit_raw.begin(), legit_raw.end());
  for (double raw : sorted) {
    if (!(raw >= 0 && raw <= 1)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          "a model output to calibrate is not a probability in [0, 1]: " + std::to_string(raw));
    }
  }
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  if (sorted.front() == sorted.back()) {
    return Fail(ErrorCode::kInvalidArgument,
                "every legitimate hold-out event has the same model output: the model separates "
                "nothing, so no score can be calibrated");
  }
  const double n = static_cast<double>(sorted.size());
  std::vector<CalibrationKnot> knots;
  for (double rate : KnotRates()) {
    const size_t flagged = static_cast<size_t>(std::ceil(rate * n));
    if (flagged == 0) continue;
    const double raw = sorted[std::min(flagged, sorted.size()) - 1];
    if (!knots.empty() && knots.back().raw == raw) continue;
    // The share at or above `raw`, ties included.
    const auto end = std::upper_bound(sorted.begin(), sorted.end(), raw, std::greater<>());
    knots.push_back({raw, static_cast<double>(end - sorted.begin()) / n});
  }
  std::reverse(knots.begin(), knots.end());
  return ScoreCalibration(std::move(knots));
}

Result<ScoreCalibration> ScoreCalibration::FromKnots(std::vector<CalibrationKnot> knots) {
  if (knots.empty()) return Fail(ErrorCode::kInvalidArgument, "a calibration needs knots");
  for (size_t i = 0; i < knots.size(); ++i) {
    const CalibrationKnot& k = knots[i];
    const bool in_range = k.raw >= 0 && k.raw <= 1 && k.fpr >= 0 && k.fpr <= 1;
    const bool ordered = i == 0 || (k.raw > knots[i - 1].raw && k.fpr <= knots[i - 1].fpr);
    if (!in_range || !ordered) {
      return Fail(ErrorCode::kInvalidArgument,
                  "calibration knot " + std::to_string(i) +
                      " is out of order or range: raw must increase within [0, 1] and fpr "
                      "must not increase within [0, 1]");
    }
  }
  return ScoreCalibration(std::move(knots));
}

double ScoreCalibration::Fpr(double raw) const {
  if (!(raw >= 0)) raw = 0;  // NaN and negatives: flag nothing more than the lowest
  raw = std::min(raw, 1.0);
  if (raw < knots_.front().raw) return 1;
  const CalibrationKnot& top = knots_.back();
  if (raw >= top.raw) return Lerp(raw, top.raw, 1.0, top.fpr, 0.0);
  const auto above =
      std::upper_bound(knots_.begin(), knots_.end(), raw,
                       [](double value, const CalibrationKnot& knot) { return value < knot.raw; });
  const CalibrationKnot& hi = *above;
  const CalibrationKnot& lo = *(above - 1);
  return Lerp(raw, lo.raw, hi.raw, lo.fpr, hi.fpr);
}

double ScoreCalibration::Score(double raw) const { return std::round(FprToScore(Fpr(raw))); }

}  // namespace vigil::ml
