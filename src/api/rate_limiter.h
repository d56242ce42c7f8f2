// Per-caller rate limits, as API Gateway usage plans throttle API keys: a token bucket per caller
// (an API key's name, or a client address when the server runs without keys) holding up to
// `burst` tokens and refilled at `rate` tokens per second. A request takes one token; with none
// left it is refused, and the caller learns how many whole seconds until a token is back.
//
//   RateLimiter limiter(clock);
//   RateLimit limit{.rate = 100, .burst = 200};
//   limiter.Prepare("checkout", limit);            // optional: create the bucket up front
//   Admission a = limiter.Admit("checkout", limit);
//   if (!a.admitted) { /* answer 429 with Retry-After: a.retry_after_seconds */ }
//
// Callers are independent: one caller spending its bucket takes nothing from another's.
//
// Cost: an unlimited limit (rate 0) costs nothing (no lookup). Otherwise Admit takes the shared
// lock of one of 64 shards (picked by the caller's hash), finds the bucket without allocating
// and updates it with one compare-and-swap; a refusal only reads the bucket. Only the first
// request of an unknown caller, or one whose limit changed, takes a shard's lock exclusively.
// Buckets that have been idle long enough to be full again are dropped when a shard grows, so
// the number of callers tracked stays bounded by those recently active.
//
// Time comes from the injected Clock. A clock that steps backwards (wall-clock adjustments)
// leaves a caller at most with an empty bucket and a second's wait, never locked out for the size
// of the step.
//
// Thread-safety: every member may be called from any thread at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace vigil::api {

// The shape of a token bucket, as an API Gateway usage plan's throttle settings.
struct RateLimit {
  // Tokens added per second: the sustained request rate. Default: 0, meaning unlimited.
  double rate = 0;
  // Tokens the bucket holds at most: the requests allowed at once after a quiet spell.
  // Default: 0, meaning the rate rounded up (at least 1).
  int64_t burst = 0;

  bool unlimited() const { return !(rate > 0); }
  // The burst in effect: `burst`, or the rate rounded up (at least 1) when `burst` is 0.
  int64_t EffectiveBurst() const;
  bool operator==(const RateLimit&) const = default;
};

// The answer to one request.
struct Admission {
  bool admitted = true;
  // When refused: whole seconds until the caller's bucket holds a token again, rounded up, >= 1.
  int64_t retry_after_seconds = 0;
  // When refused and this caller's last report is at least a second old: the refusals since
  // that report (this one included), for one log line per caller per second. Otherwise 0.
  uint64_t refusals_to_report = 0;
};

class RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit RateLimiter(const Clock& clock);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `caller`'s bucket, creating the bucket full if there is none. `limit` is
  // the caller's limit; when it differs from the one the bucket was made with (a key's limit was
  // changed), the bucket is made anew, full. An unlimited `limit` always admits.
  Admission Admit(std::string_view caller, const RateLimit& limit);

  // Creates `caller`'s bucket (full) ahead of its first request, so that request finds it under
  // the shared lock. Does nothing for an unlimited limit or a bucket that has this limit.
  void Prepare(std::string_view caller, const RateLimit& limit);

  // Buckets currently tracked (for tests).
  size_t size() const;

 private:
  struct Bucket;
  struct Shard;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using BucketMap = std::unordered_map<std::string, std::unique_ptr<Bucket>, Hash, std::equal_to<>>;
  static constexpr size_t kShards = 64;

  Shard& ShardOf(std::string_view caller) const;
  // Under the shard's exclusive lock: the bucket for `caller` with `limit`, made if needed.
  Bucket& MakeBucket(Shard& shard, std::string_view caller, const RateLimit& limit, int64_t now_ns);

  const Clock& clock_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace vigil::api
