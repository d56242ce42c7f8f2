#include "ml/score_calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace vigil::ml {
namespace {

TEST(ScoreCalibration, TheCurvePassesAfdsMeasuredPoints) {
  EXPECT_DOUBLE_EQ(FprToScore(0), 1000);
  EXPECT_DOUBLE_EQ(FprToScore(0.01), 955);
  EXPECT_DOUBLE_EQ(FprToScore(0.02), 905);
  EXPECT_DOUBLE_EQ(FprToScore(0.05), 775);
  EXPECT_DOUBLE_EQ(FprToScore(0.10), 600);
  EXPECT_DOUBLE_EQ(FprToScore(1), 0);
  EXPECT_DOUBLE_EQ(FprToScore(0.015), 930);  // between two points: on the line
  EXPECT_DOUBLE_EQ(FprToScore(-1), 1000);
  EXPECT_DOUBLE_EQ(FprToScore(2), 0);
  // "900 ≈ 2%": a threshold of 900 flags 2.1% of the legitimate events.
  EXPECT_NEAR(ScoreToFpr(900), 0.0211, 1e-4);
  for (double fpr = 0; fpr <= 1; fpr += 0.001) {
    EXPECT_NEAR(ScoreToFpr(FprToScore(fpr)), fpr, 1e-12);
    EXPECT_GE(FprToScore(fpr), FprToScore(fpr + 0.001));
  }
}

TEST(ScoreCalibration, AThresholdFlagsTheShareOfLegitimateEventsItsScoreSays) {
  std::mt19937_64 random(3);
  std::gamma_distribution<double> skewed(0.3, 0.05);  // most legit outputs near 0, a long tail
  std::vector<double> holdout, fresh;
  for (int i = 0; i < 50'000; ++i) holdout.push_back(std::min(1.0, skewed(random)));
  for (int i = 0; i < 50'000; ++i) fresh.push_back(std::min(1.0, skewed(random)));
  auto calibration = ScoreCalibration::Fit(holdout);
  ASSERT_TRUE(calibration) << calibration.error().message;
  EXPECT_LE(calibration->knots().size(), 260u);
  // On the hold-out itself and on fresh legitimate events of the same model, `score > t` flags
  // about ScoreToFpr(t) of them.
  for (double threshold : {955.0, 900.0, 775.0, 600.0, 300.0}) {
    for (const auto* events : {&holdout, &fresh}) {
      const auto flagged = std::count_if(events->begin(), events->end(), [&](double raw) {
        return calibration->Score(raw) > threshold;
      });
      const double rate = static_cast<double>(flagged) / static_cast<double>(events->size());
      EXPECT_NEAR(rate, ScoreToFpr(threshold), 0.1 * ScoreToFpr(threshold) + 0.002)
          << "threshold " << threshold;
    }
  }
}

TEST(ScoreCalibration, ScoresRiseWithTheOutputFromZeroToAThousand) {
  std::vector<double> holdout;
  for (int i = 0; i < 1000; ++i) holdout.push_back(0.2 + 0.5 * i / 1000.0);  // 0.2 .. 0.7
  auto calibration = ScoreCalibration::Fit(holdout);
  ASSERT_TRUE(calibration);
  EXPECT_EQ(calibration->Score(0.0), 0);
  EXPECT_EQ(calibration->Score(0.1), 0);     // below every legitimate output
  EXPECT_EQ(calibration->Score(1.0), 1000);  // above them all: no false positive
  double previous = -1;
  for (double raw = 0; raw <= 1.0; raw += 0.0005) {
    const double score = calibration->Score(raw);
    EXPECT_GE(score, previous) << raw;
    EXPECT_EQ(score, std::round(score));
    previous = score;
  }
  EXPECT_EQ(calibration->Score(std::nan("")), 0);
}

TEST(ScoreCalibration, TiedOutputsCountTogether) {
  // 90% of the legitimate events share one output: a threshold there flags all of them.
  std::vector<double> holdout(900, 0.1);
  for (int i = 0; i < 100; ++i) holdout.push_back(0.5 + i / 1000.0);
  auto calibration = ScoreCalibration::Fit(holdout);
  ASSERT_TRUE(calibration);
  EXPECT_DOUBLE_EQ(calibration->Fpr(0.1), 1.0);
  EXPECT_NEAR(calibration->Fpr(0.5), 0.1, 1e-12);
}

TEST(ScoreCalibration, BadInputIsRefusedWithItsReason) {
  EXPECT_FALSE(ScoreCalibration::Fit({}));
  const std::vector<double> same(10, 0.3);
  auto flat = ScoreCalibration::Fit(same);
  ASSERT_FALSE(flat);
  EXPECT_NE(flat.error().message.find("separates nothing"), std::string::npos);
  const std::vector<double> out_of_range = {0.1, 1.5};
  auto bad = ScoreCalibration::Fit(out_of_range);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not a probability"), std::string::npos);
  EXPECT_FALSE(ScoreCalibration::FromKnots({}));
  EXPECT_FALSE(ScoreCalibration::FromKnots({{0.5, 0.1}, {0.4, 0.05}}));  // raw decreasing
  EXPECT_FALSE(ScoreCalibration::FromKnots({{0.4, 0.1}, {0.5, 0.2}}));   // fpr increasing
}

TEST(ScoreCalibration, KnotsRoundTrip) {
  std::vector<double> holdout;
  for (int i = 0; i < 5000; ++i) holdout.push_back((i % 977) / 1000.0);
  auto fitted = ScoreCalibration::Fit(holdout);
  ASSERT_TRUE(fitted);
  auto restored = ScoreCalibration::FromKnots(fitted->knots());
  ASSERT_TRUE(restored) << restored.error().message;
  for (double raw = 0; raw <= 1; raw += 0.01) EXPECT_EQ(restored->Score(raw), fitted->Score(raw));
}

}  // namespace
}  // namespace vigil::ml
