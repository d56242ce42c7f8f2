#include "schedule.h"

#include <cmath>
#include <string>

namespace vigil::loadgen {

Result<Schedule> Schedule::Make(double rate, int64_t duration_nanos) {
  if (!std::isfinite(rate) || rate <= 0) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "rate must be a positive number of requests per second, got " + std::to_string(rate),
        "rate");
  }
  if (duration_nanos <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "duration must be positive", "duration");
  }
  // Checked before the division so that a huge product cannot overflow the count.
  const double expected = rate * static_cast<double>(duration_nanos) / 1e9;
  if (expected > static_cast<double>(kMaxRequests)) {
    return Fail(ErrorCode::kInvalidArgument,
                "rate x duration is more than " + std::to_string(kMaxRequests) + " requests",
                "rate");
  }
  Schedule schedule(rate, duration_nanos);
  if (schedule.count_ > kMaxRequests) {
    return Fail(ErrorCode::kInvalidArgument,
                "rate x duration is more than " + std::to_string(kMaxRequests) + " requests",
                "rate");
  }
  if (schedule.count_ == 0) {
    return Fail(ErrorCode::kInvalidArgument, "rate x duration holds no request", "rate");
  }
  return schedule;
}

Schedule::Schedule(double rate, int64_t duration_nanos)
    : rate_(rate), nanos_per_request_(1e9 / rate), duration_nanos_(duration_nanos) {
  // Every i with DueNanos(i) <= duration - 1, i.e. DueBy(duration - 1) with no upper clamp.
  count_ = kMaxRequests + 1;
  count_ = DueBy(duration_nanos - 1);
}

int64_t Schedule::DueNanos(uint64_t i) const {
  // Rounding is monotonic, so the product is non-decreasing in i.
  return static_cast<int64_t>(std::floor(static_cast<double>(i) * nanos_per_request_));
}

uint64_t Schedule::DueBy(int64_t elapsed_nanos) const {
  if (elapsed_nanos < 0) return 0;
  // A first guess from the rate, then corrected against DueNanos itself so that the two never
  // disagree by a rounding.
  auto n = static_cast<uint64_t>(static_cast<double>(elapsed_nanos) / nanos_per_request_) + 1;
  if (n > count_) n = count_;
  while (n < count_ && DueNanos(n) <= elapsed_nanos) ++n;
  while (n > 0 && DueNanos(n - 1) > elapsed_nanos) --n;
  return n;
}

}  // namespace vigil::loadgen
