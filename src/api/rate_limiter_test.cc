#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace vigil::api {
namespace {

constexpr int64_t kSecond = 1'000'000;  // FakeClock counts microseconds

int Admitted(RateLimiter& limiter, std::string_view caller, const RateLimit& limit, int tries) {
  int admitted = 0;
  for (int i = 0; i < tries; ++i) admitted += limiter.Admit(caller, limit).admitted ? 1 : 0;
  return admitted;
}

TEST(RateLimiter, BurstThenRefusal) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 5, .burst = 10};
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Admit("a", limit).admitted) << i;
  Admission refused = limiter.Admit("a", limit);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after_seconds, 1);  // a token every 0.2 s
  EXPECT_FALSE(limiter.Admit("a", limit).admitted);
}

TEST(RateLimiter, RefillsAtTheRateUpToTheBurst) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 10, .burst = 5};
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 5);
  clock.Advance(kSecond / 10);  // one token
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 1);
  clock.Advance(kSecond / 20);  // half a token
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 0);
  clock.Advance(kSecond / 20);
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 1);
  clock.Advance(kSecond * 3);  // 30 tokens' worth, but the bucket holds 5
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 5);
  // A steady 10/s is admitted in full.
  for (int i = 0; i < 50; ++i) {
    clock.Advance(kSecond / 10);
    EXPECT_TRUE(limiter.Admit("a", limit).admitted) << i;
  }
}

TEST(RateLimiter, RetryAfterIsTheWholeSecondsUntilOneToken) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit slow{.rate = 0.25, .burst = 2};  // a token every 4 s
  EXPECT_EQ(Admitted(limiter, "a", slow, 2), 2);
  EXPECT_EQ(limiter.Admit("a", slow).retry_after_seconds, 4);
  clock.Advance(kSecond / 2);  // 3.5 s to go: rounded up
  EXPECT_EQ(limiter.Admit("a", slow).retry_after_seconds, 4);
  clock.Advance(kSecond);  // 2.5 s
  EXPECT_EQ(limiter.Admit("a", slow).retry_after_seconds, 3);
  clock.Advance(2 * kSecond + kSecond / 2 - 1);  // 1 µs to go: still at least 1
  EXPECT_EQ(limiter.Admit("a", slow).retry_after_seconds, 1);
  clock.Advance(1);
  EXPECT_TRUE(limiter.Admit("a", slow).admitted);
  // A fast limit never says less than one second.
  const RateLimit fast{.rate = 1000, .burst = 1};
  EXPECT_TRUE(limiter.Admit("b", fast).admitted);
  EXPECT_EQ(limiter.Admit("b", fast).retry_after_seconds, 1);
}

TEST(RateLimiter, CallersAreIndependent) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 1, .burst = 3};
  EXPECT_EQ(Admitted(limiter, "noisy", limit, 1000), 3);
  EXPECT_EQ(Admitted(limiter, "quiet", limit, 3), 3);
  EXPECT_EQ(Admitted(limiter, "127.0.0.1", limit, 3), 3);
  // Each caller may have its own limit.
  EXPECT_EQ(Admitted(limiter, "big", RateLimit{.rate = 1, .burst = 50}, 1000), 50);
}

TEST(RateLimiter, UnlimitedAdmitsEverythingAndTracksNothing) {
  FakeClock clock;
  RateLimiter limiter(clock);
  EXPECT_EQ(Admitted(limiter, "a", RateLimit{}, 10'000), 10'000);
  EXPECT_EQ(Admitted(limiter, "a", RateLimit{.rate = 0, .burst = 5}, 100), 100);
  limiter.Prepare("a", RateLimit{});
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, BurstDefaultsToTheRateRoundedUp) {
  EXPECT_EQ((RateLimit{.rate = 100}).EffectiveBurst(), 100);
  EXPECT_EQ((RateLimit{.rate = 2.5}).EffectiveBurst(), 3);
  EXPECT_EQ((RateLimit{.rate = 0.1}).EffectiveBurst(), 1);
  EXPECT_EQ((RateLimit{.rate = 0.1, .burst = 7}).EffectiveBurst(), 7);
  FakeClock clock;
  RateLimiter limiter(clock);
  EXPECT_EQ(Admitted(limiter, "a", RateLimit{.rate = 20}, 100), 20);
}

TEST(RateLimiter, ANewLimitStartsAFullBucket) {
  FakeClock clock;
  RateLimiter limiter(clock);
  limiter.Prepare("a", RateLimit{.rate = 1, .burst = 2});
  EXPECT_EQ(limiter.size(), 1u);
  EXPECT_EQ(Admitted(limiter, "a", RateLimit{.rate = 1, .burst = 2}, 10), 2);
  EXPECT_EQ(Admitted(limiter, "a", RateLimit{.rate = 1, .burst = 4}, 10), 4);
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(RateLimiter, AClockSteppingBackLeavesAnEmptyBucketNotALockout) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 10, .burst = 10};
  EXPECT_EQ(Admitted(limiter, "a", limit, 10), 10);
  clock.Advance(-3600 * kSecond);
  Admission a = limiter.Admit("a", limit);
  EXPECT_FALSE(a.admitted);
  EXPECT_EQ(a.retry_after_seconds, 1);
  clock.Advance(kSecond / 10);
  EXPECT_TRUE(limiter.Admit("a", limit).admitted);
  clock.Advance(kSecond);
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 10);
}

TEST(RateLimiter, AReadingJustBehindTheBucketEarnsNoToken) {
  // One thread reads the clock, another admits at a later reading, then the first one's request
  // arrives: it must not move the bucket back to its own reading.
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 1000, .burst = 50};
  EXPECT_EQ(Admitted(limiter, "a", limit, 100), 50);
  clock.Advance(-1000);  // the stale reading: one token's worth behind
  EXPECT_FALSE(limiter.Admit("a", limit).admitted);
  clock.Advance(1000);  // back to the present: no time has passed, so no token
  EXPECT_FALSE(limiter.Admit("a", limit).admitted);
  clock.Advance(1000);
  EXPECT_TRUE(limiter.Admit("a", limit).admitted);
}

TEST(RateLimiter, RefusalsAreReportedAtMostOncePerSecondPerCaller) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 1, .burst = 1};
  EXPECT_TRUE(limiter.Admit("a", limit).admitted);
  EXPECT_EQ(limiter.Admit("a", limit).refusals_to_report, 1u);  // the first is reported at once
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Admit("a", limit).refusals_to_report, 0u);
  EXPECT_TRUE(limiter.Admit("b", limit).admitted);
  EXPECT_EQ(limiter.Admit("b", limit).refusals_to_report, 1u);  // another caller: its own report
  clock.Advance(kSecond - 1);
  EXPECT_EQ(limiter.Admit("a", limit).refusals_to_report, 0u);
  clock.Advance(1);
  EXPECT_TRUE(limiter.Admit("a", limit).admitted);
  EXPECT_EQ(limiter.Admit("a", limit).refusals_to_report, 7u);  // 5 + 1 + this one
}

TEST(RateLimiter, IdleBucketsAreDropped) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 1, .burst = 1};
  for (int i = 0; i < 10'000; ++i) {
    limiter.Admit("10.0.0." + std::to_string(i), limit);
    clock.Advance(kSecond / 100);  // each bucket is full again after a second
  }
  // About a hundred buckets are not full at any time; each of the 64 shards sweeps at 64.
  EXPECT_LE(limiter.size(), 64u * 64u);
}

TEST(RateLimiter, ConcurrentCallersGetExactlyTheBurstFromAFrozenClock) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 100, .burst = 500};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] { admitted += Admitted(limiter, "shared", limit, 5'000); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 500);
}

TEST(RateLimiter, ConcurrentCallersNeverGetMoreThanBurstPlusRateTimesTime) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const RateLimit limit{.rate = 1000, .burst = 50};
  std::atomic<bool> stop{false};
  std::atomic<int64_t> admitted{0};
  std::atomic<int64_t> calls{0};  // on the shared key
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      // Two callers share one key, two use keys of their own.
      const std::string caller = t < 2 ? "shared" : "own-" + std::to_string(t);
      int64_t mine = 0;
      while (!stop.load()) {
        mine += limiter.Admit(caller, limit).admitted ? 1 : 0;
        if (t < 2) calls.fetch_add(1);
      }
      if (t < 2) admitted += mine;
    });
  }
  const int64_t start = clock.NowMicros();
  for (int step = 0; step < 200; ++step) {
    clock.Advance(300);  // 0.3 ms: a third of a token
    std::this_thread::yield();
  }
  const double elapsed_seconds = static_cast<double>(clock.NowMicros() - start) / kSecond;
  // On a busy machine the callers may not have run yet: let them try before stopping them.
  while (calls.load() < 1000) std::this_thread::yield();
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_LE(admitted.load(), 50 + static_cast<int64_t>(1000 * elapsed_seconds));
  EXPECT_GE(admitted.load(), 50);
}

}  // namespace
}  // namespace vigil::api
