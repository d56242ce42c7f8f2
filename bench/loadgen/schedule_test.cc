#include "schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace vigil::loadgen {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

TEST(Schedule, RequestsAreDueAtStartPlusIOverRate) {
  auto s = Schedule::Make(1000, kSecond);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->Count(), 1000u);
  EXPECT_EQ(s->DueNanos(0), 0);
  EXPECT_EQ(s->DueNanos(1), 1'000'000);
  EXPECT_EQ(s->DueNanos(999), 999'000'000);
  EXPECT_EQ(s->DueNanos(1000), kSecond);  // the first one past the run
}

TEST(Schedule, AFractionalRateKeepsItsSpacing) {
  // 2.5 per second for one second: due at 0, 0.4 s and 0.8 s.
  auto s = Schedule::Make(2.5, kSecond);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Count(), 3u);
  EXPECT_EQ(s->DueNanos(1), 400'000'000);
  EXPECT_EQ(s->DueNanos(2), 800'000'000);

  // 4739.37 per second for ten minutes and a second: 2,848,361.37 due times, so 2,848,362
  // requests, and request i is due within a nanosecond of i / rate even far into the run.
  auto long_run = Schedule::Make(4739.37, 601 * kSecond);
  ASSERT_TRUE(long_run);
  EXPECT_EQ(long_run->Count(), 2'848'362u);
  for (uint64_t i : {1ull, 12345ull, 2'000'000ull, 2'848'361ull}) {
    EXPECT_NEAR(static_cast<double>(long_run->DueNanos(i)), static_cast<double>(i) / 4739.37 * 1e9,
                1.0)
        << i;
  }
}

TEST(Schedule, DueByAgreesWithDueNanosEverywhere) {
  auto s = Schedule::Make(333.3, kSecond / 10);  // 34 requests 3.0003 ms apart
  ASSERT_TRUE(s);
  EXPECT_EQ(s->DueBy(-1), 0u);
  EXPECT_EQ(s->DueBy(0), 1u);
  EXPECT_EQ(s->DueBy(std::numeric_limits<int64_t>::max()), s->Count());
  const auto brute = [&](int64_t t) {
    uint64_t n = 0;
    while (n < s->Count() && s->DueNanos(n) <= t) ++n;
    return n;
  };
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int64_t> when(0, kSecond / 10 + 1'000'000);
  for (int k = 0; k < 2000; ++k) {
    const int64_t t = when(random);
    ASSERT_EQ(s->DueBy(t), brute(t)) << t;
  }
  // Exactly at and one nanosecond before each due time.
  for (uint64_t i = 0; i < s->Count(); ++i) {
    ASSERT_EQ(s->DueBy(s->DueNanos(i)), i + 1) << i;
    if (i > 0) {
      ASSERT_EQ(s->DueBy(s->DueNanos(i) - 1), i) << i;
    }
  }
}

TEST(Schedule, DueTimesNeverDecrease) {
  auto s = Schedule::Make(7777.7, 3 * kSecond);
  ASSERT_TRUE(s);
  for (uint64_t i = 1; i < s->Count(); ++i) ASSERT_LE(s->DueNanos(i - 1), s->DueNanos(i)) << i;
  EXPECT_LT(s->DueNanos(s->Count() - 1), 3 * kSecond);
}

TEST(Schedule, BadRatesAndDurationsAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double rate : {0.0, -5.0, nan, inf}) {
    auto s = Schedule::Make(rate, kSecond);
    ASSERT_FALSE(s) << rate;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().field, "rate");
  }
  for (int64_t duration : {int64_t{0}, int64_t{-1}}) {
    auto s = Schedule::Make(100, duration);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "duration");
  }
  auto too_many = Schedule::Make(1e9, 86400 * kSecond * 100);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("more than"), std::string::npos);
}

}  // namespace
}  // namespace vigil::loadgen
