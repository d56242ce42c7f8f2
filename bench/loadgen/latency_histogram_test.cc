#include "latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace vigil::loadgen {
namespace {

// The exact percentile by the same definition: the smallest value with at least percent% of
// the values at or below it.
int64_t Exact(std::vector<int64_t> sorted, double percent) {
  const auto rank = std::max<size_t>(
      1, static_cast<size_t>(std::ceil(percent / 100 * static_cast<double>(sorted.size()))));
  return sorted[rank - 1];
}

TEST(LatencyHistogram, EmptyAnswersZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.Count(), 0u);
  EXPECT_EQ(h.Percentile(50), 0);
  EXPECT_EQ(h.Min(), 0);
  EXPECT_EQ(h.Max(), 0);
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int v = 100; v >= 1; --v) h.Record(v);
  EXPECT_EQ(h.Count(), 100u);
  EXPECT_EQ(h.Percentile(0), 1);
  EXPECT_EQ(h.Percentile(50), 50);
  EXPECT_EQ(h.Percentile(90), 90);
  EXPECT_EQ(h.Percentile(99), 99);
  EXPECT_EQ(h.Percentile(99.5), 100);
  EXPECT_EQ(h.Percentile(100), 100);
}

TEST(LatencyHistogram, PercentilesWithinOnePercentOfExact) {
  // Latency-like values: log-normal around 2 ms, from microseconds to seconds, plus a few
  // multi-second stalls.
  std::mt19937_64 random(42);
  std::lognormal_distribution<double> latency(std::log(2e6), 1.5);
  std::vector<int64_t> values;
  LatencyHistogram h;
  for (int k = 0; k < 200'000; ++k) {
    const auto v = static_cast<int64_t>(latency(random)) + (k % 20'000 == 0 ? 5'000'000'000 : 0);
    values.push_back(v);
    h.Record(v);
  }
  std::sort(values.begin(), values.end());
  for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99, 99.999}) {
    const double exact = static_cast<double>(Exact(values, p));
    const double got = static_cast<double>(h.Percentile(p));
    EXPECT_LE(std::abs(got - exact) / exact, 0.01)
        << "p" << p << " exact " << exact << " got " << got;
  }
  EXPECT_EQ(h.Max(), values.back());
  EXPECT_EQ(h.Min(), values.front());
  EXPECT_EQ(h.Percentile(100), values.back());
}

TEST(LatencyHistogram, OneValueIsEveryPercentile) {
  // Clamping to the exact min and max makes a lone value exact at any size.
  for (int64_t v : {int64_t{300}, int64_t{123'456'789}, std::numeric_limits<int64_t>::max()}) {
    LatencyHistogram h;
    h.Record(v);
    for (double p : {0.0, 50.0, 99.9, 100.0}) EXPECT_EQ(h.Percentile(p), v) << v << " p" << p;
  }
}

TEST(LatencyHistogram, NegativeCountsAsZero) {
  LatencyHistogram h;
  h.Record(-5);
  EXPECT_EQ(h.Count(), 1u);
  EXPECT_EQ(h.Max(), 0);
  EXPECT_EQ(h.Percentile(50), 0);
}

TEST(LatencyHistogram, MergeIsRecordingEverythingInOne) {
  std::mt19937_64 random(3);
  std::uniform_int_distribution<int64_t> value(0, 50'000'000);
  LatencyHistogram a, b, all;
  for (int k = 0; k < 10'000; ++k) {
    const int64_t v = value(random);
    (k % 3 ? a : b).Record(v);
    all.Record(v);
  }
  LatencyHistogram empty;
  a.Merge(empty);
  a.Merge(b);
  EXPECT_EQ(a.Count(), all.Count());
  EXPECT_EQ(a.Min(), all.Min());
  EXPECT_EQ(a.Max(), all.Max());
  for (double p : {0.0, 25.0, 50.0, 99.0, 99.99, 100.0}) {
    EXPECT_EQ(a.Percentile(p), all.Percentile(p)) << p;
  }
  empty.Merge(all);
  EXPECT_EQ(empty.Min(), all.Min());
  EXPECT_EQ(empty.Percentile(50), all.Percentile(50));
}

}  // namespace
}  // namespace vigil::loadgen
