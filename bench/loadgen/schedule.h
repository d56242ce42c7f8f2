// The send times of an open-loop run: request i (0, 1, 2, ...) is due at start + i / rate, for
// every i whose due time falls inside the run's duration. The schedule never depends on when
// answers arrive, which is what makes the load open-loop: a server that stalls does not slow
// the load down, and each request's latency is measured from its due time (see LatencyHistogram),
// so a stall counts against every request that should have been sent during it.
//
// Times are nanoseconds relative to the start of the run. Plain value type; thread-safe to read.
#pragma once

#include <cstdint>

#include "core/result.h"

namespace vigil::loadgen {

class Schedule {
 public:
  // Most requests one schedule holds; keeps the arithmetic exact enough and the run bounded.
  static constexpr uint64_t kMaxRequests = uint64_t{1} << 40;

  // `rate` requests per second (finite, > 0) for `duration_nanos` (> 0). Fails with
  // kInvalidArgument when either is out of range or the run would hold no request or more than
  // kMaxRequests.
  static Result<Schedule> Make(double rate, int64_t duration_nanos);

  // Requests in the run: those with DueNanos(i) < duration.
  uint64_t Count() const { return count_; }
  double Rate() const { return rate_; }
  int64_t DurationNanos() const { return duration_nanos_; }

  // When request i is due. Non-decreasing in i; DueNanos(0) == 0.
  int64_t DueNanos(uint64_t i) const;

  // How many requests are due at `elapsed_nanos`: the number of i < Count() with
  // DueNanos(i) <= elapsed_nanos (0 for a negative time).
  uint64_t DueBy(int64_t elapsed_nanos) const;

 private:
  Schedule(double rate, int64_t duration_nanos);

  double rate_;
  double nanos_per_request_;
  int64_t duration_nanos_;
  uint64_t count_ = 0;
};

}  // namespace vigil::loadgen
