#include "api/rate_limiter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <shared_mutex>

namespace vigil::api {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
// The longest a bucket may take to fill (about three years): keeps the arithmetic on
// nanosecond timestamps far from overflow whatever the limit.
constexpr int64_t kMaxSpanNanos = 100'000'000'000'000'000;
// A shard drops its idle buckets when it reaches this many (and then twice what is left).
constexpr size_t kFirstSweep = 64;
// How far behind a bucket a clock reading must be to count as the clock stepping back. A smaller
// lag is a thread that read the clock just before another pushed the bucket on; correcting for
// it would move the bucket back and hand out tokens nobody earned.
constexpr int64_t kClockStepNanos = kNanosPerSecond;

}  // namespace

int64_t RateLimit::EffectiveBurst() const {
  if (burst > 0) return burst;
  if (unlimited()) return 0;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(std::min(rate, 1e12))));
}

// The token bucket, kept as the generic cell rate algorithm does: instead of a token count that
// needs refilling, one timestamp `tat` (theoretical arrival time) that each admitted request
// pushes `interval` further on. The bucket is full when tat <= now; a request is admitted when,
// after pushing, tat is no more than `capacity` (burst × interval) ahead of now. One atomic word,
// so admission is a single compare-and-swap and a refusal writes nothing.
struct alignas(64) RateLimiter::Bucket {
  Bucket(const RateLimit& l, int64_t now_ns)
      : limit(l),
        interval_ns(static_cast<int64_t>(
            std::clamp(std::llround(static_cast<double>(kNanosPerSecond) / std::max(l.rate, 1e-9)),
                       1LL, static_cast<long long>(kMaxSpanNanos)))),
        capacity_ns(static_cast<int64_t>(
            std::min(static_cast<double>(interval_ns) * static_cast<double>(l.EffectiveBurst()),
                     static_cast<double>(kMaxSpanNanos)))),
        tat_ns(now_ns),
        last_report_ns(now_ns - kNanosPerSecond) {}

  Admission Take(int64_t now) {
    int64_t tat = tat_ns.load(std::memory_order_relaxed);
    for (;;) {
      int64_t base = std::max(tat, now);
      // tat can be more than a second further ahead than the capacity only after the clock
      // stepped back: treat the bucket as empty rather than as owing the size of the step.
      const bool stepped_back = base - now > capacity_ns + kClockStepNanos;
      if (stepped_back) base = now + capacity_ns;
      const int64_t next = base + interval_ns;
      if (next - now > capacity_ns) {
        if (stepped_back) {
          tat_ns.compare_exchange_strong(tat, base, std::memory_order_relaxed);
        }
        return Refuse(next - now - capacity_ns, now);
      }
      if (tat_ns.compare_exchange_weak(tat, next, std::memory_order_relaxed)) return {};
    }
  }

  Admission Refuse(int64_t wait_ns, int64_t now) {
    Admission a;
    a.admitted = false;
    a.retry_after_seconds = std::max<int64_t>(1, (wait_ns + kNanosPerSecond - 1) / kNanosPerSecond);
    unreported.fetch_add(1, std::memory_order_relaxed);
    int64_t last = last_report_ns.load(std::memory_order_relaxed);
    const bool due = now - last >= kNanosPerSecond || last - now > kNanosPerSecond;
    if (due && last_report_ns.compare_exchange_strong(last, now, std::memory_order_relaxed)) {
      a.refusals_to_report = unreported.exchange(0, std::memory_order_relaxed);
    }
    return a;
  }

  const RateLimit limit;
  const int64_t interval_ns;  // time to earn one token
  const int64_t capacity_ns;  // time to fill the bucket from empty
  std::atomic<int64_t> tat_ns;
  std::atomic<int64_t> last_report_ns;
  std::atomic<uint64_t> unreported{0};
};

struct alignas(64) RateLimiter::Shard {
  mutable std::shared_mutex mu;
  BucketMap buckets;
  size_t sweep_at = kFirstSweep;
};

RateLimiter::RateLimiter(const Clock& clock)
    : clock_(clock), shards_(std::make_unique<Shard[]>(kShards)) {}

RateLimiter::~RateLimiter() = default;

RateLimiter::Shard& RateLimiter::ShardOf(std::string_view caller) const {
  // The top bits of a multiplicative hash, so that the shard does not follow the map's own
  // bucket choice (the low bits of the same hash).
  const uint64_t h = static_cast<uint64_t>(Hash{}(caller)) * 0x9E3779B97F4A7C15ULL;
  return shards_[h >> 58];
}

RateLimiter::Bucket& RateLimiter::MakeBucket(Shard& shard, std::string_view caller,
                                             const RateLimit& limit, int64_t now_ns) {
  if (auto it = shard.buckets.find(caller); it != shard.buckets.end()) {
    if (!(it->second->limit == limit)) it->second = std::make_unique<Bucket>(limit, now_ns);
    return *it->second;
  }
  if (shard.buckets.size() >= shard.sweep_at) {
    // A full bucket is the same as no bucket: dropping it forgets nothing that matters.
    std::erase_if(shard.buckets, [&](const auto& entry) {
      return entry.second->tat_ns.load(std::memory_order_relaxed) <= now_ns;
    });
    shard.sweep_at = std::max(kFirstSweep, 2 * shard.buckets.size());
  }
  auto [it, _] =
      shard.buckets.emplace(std::string(caller), std::make_unique<Bucket>(limit, now_ns));
  return *it->second;
}

Admission RateLimiter::Admit(std::string_view caller, const RateLimit& limit) {
  if (limit.unlimited()) return {};
  Shard& shard = ShardOf(caller);
  {
    std::shared_lock lock(shard.mu);
    if (auto it = shard.buckets.find(caller);
        it != shard.buckets.end() && it->second->limit == limit) {
      return it->second->Take(clock_.NowMicros() * 1000);
    }
  }
  std::unique_lock lock(shard.mu);
  const int64_t now = clock_.NowMicros() * 1000;
  return MakeBucket(shard, caller, limit, now).Take(now);
}

void RateLimiter::Prepare(std::string_view caller, const RateLimit& limit) {
  if (limit.unlimited()) return;
  Shard& shard = ShardOf(caller);
  std::unique_lock lock(shard.mu);
  MakeBucket(shard, caller, limit, clock_.NowMicros() * 1000);
}

size_t RateLimiter::size() const {
  size_t n = 0;
  for (size_t i = 0; i < kShards; ++i) {
    std::shared_lock lock(shards_[i].mu);
    n += shards_[i].buckets.size();
  }
  return n;
}

}  // namespace vigil::api
