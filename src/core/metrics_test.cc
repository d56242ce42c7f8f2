#include "core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace vigil::metrics {
namespace {

TEST(MetricsTest, RendersCountersWithLabelsInLabelOrder) {
  Registry registry;
  auto& requests = registry.AddCounterFamily("http_requests_total", "HTTP requests by route.",
                                             {"route", "status"});
  requests.WithLabels({"/detect", "200"}).Inc();
  requests.WithLabels({"/detect", "200"}).Inc(2);
  requests.WithLabels({"/admin", "404"}).Inc();
  registry.AddCounter("replays_total", "Replayed event ids.").Inc(7);

  EXPECT_EQ(registry.Render(),
            "# HELP http_requests_total HTTP requests by route.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/admin\",status=\"404\"} 1\n"
            "http_requests_total{route=\"/detect\",status=\"200\"} 3\n"
            "# HELP replays_total Replayed event ids.\n"
            "# TYPE replays_total counter\n"
            "replays_total 7\n");
}

TEST(MetricsTest, WithLabelsReturnsTheSameSeries) {
  Registry registry;
  auto& family = registry.AddCounterFamily("c_total", "c", {"a"});
  Counter& first = family.WithLabels({"x"});
  Counter& again = family.WithLabels(std::vector<std::string>{"x"});
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &family.WithLabels({"y"}));
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.AddCounterFamily("c_total", "line one\nback\\slash \"quotes\" kept", {"v"})
      .WithLabels({"a\"b\\c\nd"})
      .Inc();
  EXPECT_EQ(registry.Render(),
            "# HELP c_total line one\\nback\\\\slash \"quotes\" kept\n"
            "# TYPE c_total counter\n"
            "c_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, MissingLabelValuesAreEmptyAndSurplusOnesDropped) {
  Registry registry;
  auto& family = registry.AddCounterFamily("c_total", "c", {"a", "b"});
  family.WithLabels({"x"}).Inc();
  family.WithLabels({"p", "q", "surplus"}).Inc();
  EXPECT_EQ(&family.WithLabels({"x"}), &family.WithLabels({"x", ""}));
  EXPECT_EQ(&family.WithLabels({"p", "q", "other"}),
            &family.WithLabels(std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(registry.Render(),
            "# HELP c_total c\n"
            "# TYPE c_total counter\n"
            "c_total{a=\"p\",b=\"q\"} 1\n"
            "c_total{a=\"x\",b=\"\"} 1\n");
}

TEST(MetricsTest, RendersHistogramBucketsCumulativeWithSumAndCount) {
  Registry registry;
  auto& latency =
      registry.AddHistogramFamily("latency_seconds", "Latency.", {"route"}, {0.001, 0.01, 0.1});
  Histogram& detect = latency.WithLabels({"/detect"});
  detect.Observe(0.0005);
  detect.Observe(0.001);  // bounds are inclusive
  detect.Observe(0.05);
  detect.Observe(3);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/detect\",le=\"0.001\"} 2\n"
            "latency_seconds_bucket{route=\"/detect\",le=\"0.01\"} 2\n"
            "latency_seconds_bucket{route=\"/detect\",le=\"0.1\"} 3\n"
            "latency_seconds_bucket{route=\"/detect\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{route=\"/detect\"} 3.0515\n"
            "latency_seconds_count{route=\"/detect\"} 4\n");
}

TEST(MetricsTest, RendersUnlabelledHistogram) {
  Registry registry;
  Histogram& batch = registry.AddHistogram("batch_size", "Records per commit.", {1, 8});
  batch.Observe(4);
  batch.Observe(100);
  EXPECT_EQ(registry.Render(),
            "# HELP batch_size Records per commit.\n"
            "# TYPE batch_size histogram\n"
            "batch_size_bucket{le=\"1\"} 0\n"
            "batch_size_bucket{le=\"8\"} 1\n"
            "batch_size_bucket{le=\"+Inf\"} 2\n"
            "batch_size_sum 104\n"
            "batch_size_count 2\n");
}

TEST(MetricsTest, NanGoesToInfBucket) {
  Registry registry;
  Histogram& h = registry.AddHistogram("h", "h", {1});
  h.Observe(std::numeric_limits<double>::quiet_NaN());
  const Histogram::Snapshot snapshot = h.Read();
  EXPECT_EQ(snapshot.cumulative, (std::vector<uint64_t>{0, 1}));
  EXPECT_TRUE(std::isnan(snapshot.sum));
}

TEST(MetricsTest, DefaultLatencyBucketsSpan50MicrosecondsTo10Seconds) {
  const auto& buckets = DefaultLatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_DOUBLE_EQ(buckets.front(), 0.00005);
  EXPECT_DOUBLE_EQ(buckets.back(), 10);
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
  Registry registry;
  registry.AddHistogram("d_seconds", "d").Observe(0.00004);
  EXPECT_NE(registry.Render().find("d_seconds_bucket{le=\"5e-05\"} 1\n"), std::string::npos);
}

TEST(MetricsTest, GaugesSetIncDecAndCallbacks) {
  Registry registry;
  Gauge& depth = registry.AddGauge("queue_depth", "Queued records.");
  depth.Set(5);
  depth.Inc();
  depth.Dec(2.5);
  int connections = 3;
  registry.AddGaugeCallback("open_connections", "Open connections.",
                            [&connections] { return static_cast<double>(connections); });
  connections = 4;  // read at scrape time
  auto& by_shard = registry.AddGaugeFamily("shard_entities", "Entities per shard.", {"shard"});
  by_shard.WithLabels({"0"}).Set(-1);
  EXPECT_EQ(registry.Render(),
            "# HELP queue_depth Queued records.\n"
            "# TYPE queue_depth gauge\n"
            "queue_depth 3.5\n"
            "# HELP open_connections Open connections.\n"
            "# TYPE open_connections gauge\n"
            "open_connections 4\n"
            "# HELP shard_entities Entities per shard.\n"
            "# TYPE shard_entities gauge\n"
            "shard_entities{shard=\"0\"} -1\n");
}

TEST(MetricsTest, FamiliesWithoutSeriesAreNotRendered) {
  Registry registry;
  registry.AddCounterFamily("unused_total", "never incremented", {"a"});
  EXPECT_EQ(registry.Render(), "");
}

TEST(MetricsTest, RegisteringTheSameFamilyTwiceReturnsTheFirst) {
  Registry registry;
  auto& first = registry.AddCounterFamily("c_total", "c", {"a"});
  auto& second = registry.AddCounterFamily("c_total", "c", {"a"});
  EXPECT_EQ(&first, &second);
}

TEST(MetricsDeathTest, ConflictingOrInvalidRegistrationAborts) {
  Registry registry;
  registry.AddCounterFamily("c_total", "c", {"a"});
  EXPECT_DEATH(registry.AddGaugeFamily("c_total", "c", {"a"}), "registered twice");
  EXPECT_DEATH(registry.AddCounter("bad-name", "x"), "not a valid metric name");
  EXPECT_DEATH(registry.AddCounterFamily("ok", "x", {"__reserved"}), "not a valid label name");
  EXPECT_DEATH(registry.AddHistogram("h", "x", {2, 1}), "strictly increase");
}

TEST(MetricsTest, FormatsSpecialValues) {
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(1e21), "1e+21");
}

TEST(MetricsTest, ConcurrentLookupsOfANewSeriesAgreeOnOne) {
  Registry registry;
  auto& family = registry.AddCounterFamily("c_total", "c", {"route", "status"});
  constexpr int kThreads = 4;
  std::vector<Counter*> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        const std::string status = std::to_string(200 + i % 7);
        family.WithLabels({"/detect", status}).Inc();
      }
      seen[t] = &family.WithLabels({"/detect", "200"});
    });
  }
  for (auto& thread : threads) thread.join();
  for (Counter* counter : seen) EXPECT_EQ(counter, seen[0]);
  uint64_t total = 0;
  for (int status = 200; status < 207; ++status) {
    total += family.WithLabels({"/detect", std::to_string(status)}).Value();
  }
  EXPECT_EQ(total, uint64_t{kThreads * 1000});
}

TEST(MetricsTest, ConcurrentIncrementsAndObservationsAreAllCounted) {
  Registry registry;
  Counter& counter = registry.AddCounter("n_total", "n");
  Histogram& histogram = registry.AddHistogram("h", "h", {0.5});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        counter.Inc();
        histogram.Observe(1);
      }
    });
  }
  // Scrapes run concurrently with the writers.
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(registry.Render().empty());
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.Value(), uint64_t{kThreads * kPerThread});
  const Histogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.cumulative.back(), uint64_t{kThreads * kPerThread});
  EXPECT_DOUBLE_EQ(snapshot.sum, kThreads * kPerThread);
}

}  // namespace
}  // namespace vigil::metrics
