// The book's full dataset (5,000 customers, 10,000 terminals, 183 days from 2018-04-01,
// radius 5) against the book's published figures. Our random numbers are not numpy's, so the
// figures agree within sampling tolerances, not exactly.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "simulator/afd_csv.h"
#include "simulator/simulate.h"

namespace vigil::simulator {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(FullSize, MatchesTheBooksFigures) {
  const auto start = std::chrono::steady_clock::now();
  auto dataset = Simulate(SimulatorOptions{});
  ASSERT_TRUE(dataset.has_value());
  const double generate_seconds = Seconds(start);

  const double n = static_cast<double>(dataset->transactions.size());
  const auto& by = dataset->counts.by_scenario;
  const double fraud_percent = 100.0 * static_cast<double>(dataset->counts.frauds()) / n;
  std::printf("transactions %.0f, frauds %llu (%.3f%%), scenarios %llu / %llu / %llu, %.2f s\n", n,
              static_cast<unsigned long long>(dataset->counts.frauds()), fraud_percent,
              static_cast<unsigned long long>(by[1]), static_cast<unsigned long long>(by[2]),
              static_cast<unsigned long long>(by[3]), generate_seconds);

  EXPECT_NEAR(n, 1'754'155, 0.02 * 1'754'155);
  EXPECT_NEAR(fraud_percent, 0.837, 0.1);
  EXPECT_NEAR(by[1], 973, 0.15 * 973);
  EXPECT_NEAR(by[2], 9'077, 0.15 * 9'077);
  EXPECT_NEAR(by[3], 4'631, 0.15 * 4'631);

  // About 10,000 transactions every day (9,585 on average in the book's dataset).
  std::vector<double> per_day(dataset->days);
  for (const Transaction& t : dataset->transactions) ++per_day[t.day()];
  for (uint32_t day = 0; day < dataset->days; ++day) {
    EXPECT_NEAR(per_day[day], 9'600, 600) << "day " << day;
  }

  // And it is written quickly: the whole CSV (about 140 MB) to /dev/null.
  std::FILE* null = std::fopen("/dev/null", "w");
  ASSERT_NE(null, nullptr);
  const auto write_start = std::chrono::steady_clock::now();
  EXPECT_TRUE(WriteAfdCsv(*dataset, {}, null, "/dev/null").has_value());
  std::fclose(null);
  std::printf("written in %.2f s\n", Seconds(write_start));
}

}  // namespace
}  // namespace vigil::simulator
