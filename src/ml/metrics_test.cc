#include "ml/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace vigil::ml {
namespace {

// Labels kept one per byte (std::vector<bool> has no contiguous storage to span).
std::span<const bool> AsBools(const std::vector<char>& labels) {
  return {reinterpret_cast<const bool*>(labels.data()), labels.size()};
}

// The definitions, computed pair by pair: the AUC and DeLong's variance.
struct Brute {
  double auc, standard_error;
};
Brute BruteForce(const std::vector<double>& scores, const std::vector<bool>& labels) {
  std::vector<double> frauds, legits;
  for (size_t i = 0; i < scores.size(); ++i) (labels[i] ? frauds : legits).push_back(scores[i]);
  auto psi = [](double x, double y) { return x > y ? 1.0 : x == y ? 0.5 : 0.0; };
  std::vector<double> v10(frauds.size(), 0), v01(legits.size(), 0);
  double total = 0;
  for (size_t i = 0; i < frauds.size(); ++i) {
    for (size_t j = 0; j < legits.size(); ++j) {
      const double p = psi(frauds[i], legits[j]);
      v10[i] += p / static_cast<double>(legits.size());
      v01[j] += p / static_cast<double>(frauds.size());
      total += p;
    }
  }
  const double auc = total / static_cast<double>(frauds.size() * legits.size());
  auto variance = [&](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += (x - auc) * (x - auc);
    return s / static_cast<double>(v.size() - 1);
  };
  return {auc, std::sqrt(variance(v10) / static_cast<double>(frauds.size()) +
                         variance(v01) / static_cast<double>(legits.size()))};
}

TEST(Metrics, AucAndItsDeLongErrorEqualThePairwiseDefinitionWithTies) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 20; ++round) {
    std::vector<double> scores;
    std::vector<bool> labels;
    const int n = 50 + round * 37;
    for (int i = 0; i < n; ++i) {
      const bool fraud = random() % 5 == 0;
      // Rounded to tenths: many ties, within and across the classes.
      const double noise = std::uniform_real_distribution<>(0, 1)(random);
      const double s = std::round(((fraud ? 0.3 : 0.0) + noise) * 10) / 10;
      scores.push_back(s);
      labels.push_back(fraud);
    }
    const std::vector<char> bytes(labels.begin(), labels.end());
    auto auc = RocAuc(scores, AsBools(bytes));
    ASSERT_TRUE(auc);
    const Brute want = BruteForce(scores, labels);
    EXPECT_NEAR(auc->value, want.auc, 1e-12) << "round " << round;
    EXPECT_NEAR(auc->standard_error, want.standard_error, 1e-12) << "round " << round;
    EXPECT_NEAR(auc->lower, std::max(0.0, want.auc - 1.96 * want.standard_error), 1e-12);
    EXPECT_NEAR(auc->upper, std::min(1.0, want.auc + 1.96 * want.standard_error), 1e-12);
  }
}

TEST(Metrics, MatchScikitLearnsDocumentedExample) {
  // sklearn's roc_auc_score and average_precision_score docstrings: 0.75 and 0.83.
  const std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  const bool labels[] = {false, false, true, true};
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels)->value, 0.75);
  EXPECT_NEAR(*AveragePrecision(scores, labels), 0.8333333333333333, 1e-15);
}

TEST(Metrics, TiedScoresAreOneThreshold) {
  const std::vector<double> scores = {0.5, 0.5, 0.5, 0.5};
  const bool labels[] = {true, false, true, false};
  EXPECT_DOUBLE_EQ(*AveragePrecision(scores, labels), 0.5);
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels)->value, 0.5);
  const auto points = CurvePoints(scores, labels);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_DOUBLE_EQ(points[0].fpr, 1.0);
  EXPECT_DOUBLE_EQ(points[0].tpr, 1.0);
  EXPECT_DOUBLE_EQ(points[0].precision, 0.5);
}

TEST(Metrics, UndefinedWithoutBothClasses) {
  const std::vector<double> scores = {0.1, 0.9};
  const bool legit[] = {false, false};
  const bool fraud[] = {true, true};
  EXPECT_FALSE(RocAuc(scores, legit));
  EXPECT_FALSE(RocAuc(scores, fraud));
  EXPECT_FALSE(AveragePrecision(scores, legit));
  EXPECT_DOUBLE_EQ(*AveragePrecision(scores, fraud), 1.0);
  EXPECT_TRUE(CurvePoints(scores, legit).empty());
}

TEST(Metrics, CurvePointsGoFromTheHighestThresholdDownAndThinEvenly) {
  std::vector<double> scores;
  std::vector<char> labels;
  for (int i = 0; i < 1000; ++i) {
    scores.push_back(i / 1000.0);
    labels.push_back(i % 3 == 0);
  }
  const std::span<const bool> label_span = AsBools(labels);
  const auto all = CurvePoints(scores, label_span, 5000);
  ASSERT_EQ(all.size(), 1000u);
  EXPECT_DOUBLE_EQ(all.front().threshold, 0.999);
  EXPECT_DOUBLE_EQ(all.back().threshold, 0.0);
  EXPECT_DOUBLE_EQ(all.back().fpr, 1.0);
  EXPECT_DOUBLE_EQ(all.back().tpr, 1.0);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_LE(all[i - 1].fpr, all[i].fpr);
    EXPECT_LE(all[i - 1].tpr, all[i].tpr);
  }
  for (size_t max_points : {2, 3, 10, 100}) {
    const auto thin = CurvePoints(scores, label_span, max_points);
    ASSERT_LE(thin.size(), max_points);
    ASSERT_GE(thin.size(), std::min<size_t>(max_points, 2));
    EXPECT_DOUBLE_EQ(thin.front().threshold, all.front().threshold);
    EXPECT_DOUBLE_EQ(thin.back().threshold, all.back().threshold);
  }
  // Spread along the curve: no two consecutive points far apart in fpr + tpr.
  const auto thin = CurvePoints(scores, label_span, 22);
  EXPECT_GE(thin.size(), 18u);
  for (size_t i = 1; i < thin.size(); ++i) {
    EXPECT_LE(thin[i].fpr - thin[i - 1].fpr + thin[i].tpr - thin[i - 1].tpr, 0.1 + 0.004);
  }
}

TEST(Metrics, CardPrecisionRanksCardsPerDayAndDropsCardsAlreadyFound) {
  const std::vector<CardEvent> events = {
      // Day 1: card 1 (fraud, its best score 0.9), card 2 (legit 0.8), card 3 (fraud 0.1).
      {1, 1, 0.2, true},
      {1, 1, 0.9, false},
      {1, 2, 0.8, false},
      {1, 3, 0.1, true},
      // Day 2: card 1 again (found on day 1: left out), card 3 now on top, card 4 legit.
      {2, 1, 0.99, true},
      {2, 3, 0.7, true},
      {2, 4, 0.6, false},
  };
  // k = 2: day 1 top {1, 2} -> 1/2; day 2 top {3, 4} (1 left out) -> 1/2.
  EXPECT_DOUBLE_EQ(*CardPrecisionAtK(events, 2), 0.5);
  // k = 1: day 1 {1} -> 1; day 2 {3} -> 1.
  EXPECT_DOUBLE_EQ(*CardPrecisionAtK(events, 1), 1.0);
  // k = 4: fewer cards than k still divide by k. Day 1: cards 1 and 3 of three, 2/4; day 2:
  // only card 4 is left, 0/4.
  EXPECT_DOUBLE_EQ(*CardPrecisionAtK(events, 4), 0.25);
  EXPECT_FALSE(CardPrecisionAtK({}, 100));
}

TEST(Metrics, CardPrecisionBreaksTiesByCardId) {
  const std::vector<CardEvent> events = {{1, 9, 0.5, false}, {1, 3, 0.5, true}};
  EXPECT_DOUBLE_EQ(*CardPrecisionAtK(events, 1), 1.0);  // card 3 before card 9
}

}  // namespace
}  // namespace vigil::ml
