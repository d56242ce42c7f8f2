#include "ml/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace vigil::ml {

namespace {

// Indices of `scores` ordered by score, highest first.
std::vector<size_t> ByScoreDescending(std::span<const double> scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

// 1-based ranks of sorted `values` (ascending), ties sharing the mean of their ranks.
std::vector<double> MidRanks(const std::vector<double>& values) {
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j < values.size() && values[j] == values[i]) ++j;
    const double mid = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t t = i; t < j; ++t) ranks[t] = mid;
    i = j;
  }
  return ranks;
}

double SampleVariance(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
  double sum = 0;
  for (double x : xs) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(xs.size() - 1);
}

// The running counts at each distinct threshold, from the highest score down: fn(tp, fp) after
// every group of equal scores, with the group's score.
template <typename Fn>
void ForEachThreshold(std::span<const double> scores, std::span<const bool> labels, Fn fn) {
  const std::vector<size_t> order = ByScoreDescending(scores);
  size_t tp = 0, fp = 0;
  for (size_t i = 0; i < order.size();) {
    const double score = scores[order[i]];
    for (; i < order.size() && scores[order[i]] == score; ++i) (labels[order[i]] ? tp : fp) += 1;
    fn(score, tp, fp);
  }
}

}  // namespace

std::optional<Auc> RocAuc(std::span<const double> scores, std::span<const bool> labels) {
  // Ascending order; within it, the frauds' and the legits' own orders.
  std::vector<size_t> order = ByScoreDescending(scores);
  std::reverse(order.begin(), order.end());
  std::vector<double> all, frauds, legits;
  all.reserve(order.size());
  for (size_t i : order) {
    all.push_back(scores[i]);
    (labels[i] ? frauds : legits).push_back(scores[i]);
  }
  const size_t m = frauds.size(), n = legits.size();
  if (m == 0 || n == 0) return std::nullopt;
  const std::vector<double> rank_all = MidRanks(all);
  const std::vector<double> rank_fraud = MidRanks(frauds);
  const std::vector<double> rank_legit = MidRanks(legits);
  // DeLong's structural components (Sun and Xu's formulation with midranks): for each fraud,
  // the share of legits it outscores; for each legit, the share of frauds that outscore it.
  std::vector<double> v10, v01;
  v10.reserve(m);
  v01.reserve(n);
  double fraud_rank_sum = 0;
  size_t fi = 0, li = 0;
  for (size_t t = 0; t < order.size(); ++t) {
    if (labels[order[t]]) {
      fraud_rank_sum += rank_all[t];
      v10.push_back((rank_all[t] - rank_fraud[fi++]) / static_cast<double>(n));
    } else {
      v01.push_back(1.0 - (rank_all[t] - rank_legit[li++]) / static_cast<double>(m));
    }
  }
  const double md = static_cast<double>(m), nd = static_cast<double>(n);
  Auc auc;
  auc.value = (fraud_rank_sum - md * (md + 1) / 2) / (md * nd);
  auc.standard_error = std::sqrt(SampleVariance(v10) / md + SampleVariance(v01) / nd);
  auc.lower = std::max(0.0, auc.value - 1.96 * auc.standard_error);
  auc.upper = std::min(1.0, auc.value + 1.96 * auc.standard_error);
  return auc;
}

std::optional<double> AveragePrecision(std::span<const double> scores,
                                       std::span<const bool> labels) {
  const size_t positives = static_cast<size_t>(std::count(labels.begin(), labels.end(), true));
  if (positives == 0) return std::nullopt;
  double ap = 0, previous_recall = 0;
  ForEachThreshold(scores, labels, [&](double, size_t tp, size_t fp) {
    const double recall = static_cast<double>(tp) / static_cast<double>(positives);
    ap += (recall - previous_recall) * static_cast<double>(tp) / static_cast<double>(tp + fp);
    previous_recall = recall;
  });
  return ap;
}

std::vector<CurvePoint> CurvePoints(std::span<const double> scores, std::span<const bool> labels,
                                    size_t max_points) {
  const size_t positives = static_cast<size_t>(std::count(labels.begin(), labels.end(), true));
  const size_t negatives = labels.size() - positives;
  if (positives == 0 || negatives == 0 || max_points == 0) return {};
  std::vector<CurvePoint> all;
  ForEachThreshold(scores, labels, [&](double score, size_t tp, size_t fp) {
    all.push_back({score, static_cast<double>(fp) / static_cast<double>(negatives),
                   static_cast<double>(tp) / static_cast<double>(positives),
                   static_cast<double>(tp) / static_cast<double>(tp + fp)});
  });
  if (all.size() <= max_points) return all;
  // Evenly along the ROC curve: fpr + tpr runs from 0 to 2, so a step of 2 / (max_points - 2)
  // keeps at most max_points - 1 points before the last.
  const double step = max_points <= 2 ? 2.0 : 2.0 / static_cast<double>(max_points - 2);
  std::vector<CurvePoint> thinned = {all.front()};
  for (size_t i = 1; i + 1 < all.size(); ++i) {
    const CurvePoint& last = thinned.back();
    if (all[i].fpr - last.fpr + all[i].tpr - last.tpr >= step) thinned.push_back(all[i]);
  }
  if (thinned.size() >= max_points) thinned.resize(max_points - 1);
  thinned.push_back(all.back());
  return thinned;
}

std::optional<double> CardPrecisionAtK(std::span<const CardEvent> events, size_t k) {
  if (k == 0) return std::nullopt;
  struct Card {
    double score = -INFINITY;
    bool fraud = false;
  };
  std::map<int64_t, std::unordered_map<int64_t, Card>> days;
  for (const CardEvent& e : events) {
    Card& card = days[e.day][e.card];
    card.score = std::max(card.score, e.score);
    card.fraud = card.fraud || e.fraud;
  }
  if (days.empty()) return std::nullopt;
  std::unordered_set<int64_t> detected;  // cards found fraudulent in an earlier day's top k
  double sum = 0;
  for (const auto& [day, cards] : days) {
    std::vector<std::pair<int64_t, Card>> ranked;
    for (const auto& [id, card] : cards) {
      if (!detected.contains(id)) ranked.emplace_back(id, card);
    }
    const size_t top = std::min(k, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(top), ranked.end(),
                      [](const auto& a, const auto& b) {
                        return a.second.score != b.second.score ? a.second.score > b.second.score
                                                                : a.first < b.first;
                      });
    size_t found = 0;
    for (size_t i = 0; i < top; ++i) {
      if (!ranked[i].second.fraud) continue;
      ++found;
      detected.insert(ranked[i].first);
    }
    sum += static_cast<double>(found) / static_cast<double>(k);
  }
  return sum / static_cast<double>(days.size());
}

}  // namespace vigil::ml
