// The insight score, as Amazon Fraud Detector defines it: 0..1000, where a score says what share
// of legitimate events would be flagged at that threshold, measured on the model's hold-out
// events. AFD's scale is fixed and model-independent (the reference's §7 measured it: 955 ≈ 1%,
// 905 ≈ 2%, 775 ≈ 5%, 600 ≈ 10% false-positive rate), so a rule written for AFD,
// `$model_insightscore > 900`, keeps its meaning on any model trained here.
//
// Two steps: ScoreCalibration maps a model's raw output (a probability) to the hold-out
// false-positive rate at that output; FprToScore maps the rate to the score through AFD's curve.
//
//   auto calibration = ScoreCalibration::Fit(legit_probabilities);   // from the hold-out
//   double score = calibration->Score(model_probability);             // 0..1000, an integer
//
// Immutable once built; every member is const and thread-safe.
#pragma once

#include <span>
#include <vector>

#include "core/result.h"

namespace vigil::ml {

// AFD's curve: false-positive rate -> score, decreasing, piecewise linear through (0, 1000),
// (1%, 955), (2%, 905), (3%, 860), (4%, 820), (5%, 775), (6%, 740), (10%, 600), (100%, 0). AFD
// publishes nothing beyond 10%: there it is a straight line to 0. `fpr` is clamped to [0, 1].
double FprToScore(double fpr);
// The inverse: the false-positive rate at which a threshold of `score` flags (clamped to 0..1000).
double ScoreToFpr(double score);

// One point of the calibration: flagging events with raw output >= `raw` flags this share of the
// hold-out's legitimate events.
struct CalibrationKnot {
  double raw = 0;
  double fpr = 0;
  friend bool operator==(const CalibrationKnot&, const CalibrationKnot&) = default;
};

class ScoreCalibration {
 public:
  // From the raw outputs (probabilities in [0, 1]) of the hold-out's legitimate events. Keeps at
  // most about 250 knots, dense where false-positive rates are low. InvalidArgument when there
  // are none, when one is not a number in [0, 1], or when all are equal (no threshold separates
  // anything).
  static Result<ScoreCalibration> Fit(std::span<const double> legit_raw);
  // From knots kept with a model: raw strictly increasing within [0, 1], fpr non-increasing
  // within [0, 1]; at least one.
  static Result<ScoreCalibration> FromKnots(std::vector<CalibrationKnot> knots);

  // The hold-out false-positive rate at `raw`: interpolated linearly between knots; 1 below the
  // lowest; above the highest legitimate output, falling linearly to 0 at raw = 1.
  double Fpr(double raw) const;
  // FprToScore(Fpr(raw)), rounded to an integer as AFD's scores are.
  double Score(double raw) const;

  const std::vector<CalibrationKnot>& knots() const { return knots_; }

 private:
  explicit ScoreCalibration(std::vector<CalibrationKnot> knots) : knots_(std::move(knots)) {}
  std::vector<CalibrationKnot> knots_;  // raw ascending
};

}  // namespace vigil::ml
