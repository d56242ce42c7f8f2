// What an open-loop run measured, and its one-line machine-readable summary.
#pragma once

#include <cstdint>
#include <string>

#include "latency_histogram.h"
#include "load_options.h"

namespace vigil::loadgen {

struct LoadTotals {
  uint64_t scheduled = 0;  // requests the schedule held
  uint64_t responses = 0;  // answered, any status
  uint64_t non2xx = 0;     // answered with a status outside 200..299
  // Requests without an answer: their connection failed or closed first, the drain timed out,
  // or they were never sent. responses + errors == scheduled.
  uint64_t errors = 0;
  // Requests sent more than LoadOptions::late_threshold after their due time, or never sent.
  uint64_t late = 0;
  int64_t last_response_nanos = 0;  // since the start of the schedule
  LatencyHistogram latency;         // due time to the end of the answer, answered requests
  LatencyHistogram lag;             // due time to the send, sent requests
  std::string first_error;          // why the first unanswered request failed

  void Merge(const LoadTotals& other);

  // At most 1% of the requests late.
  bool ScheduleKept() const { return late * 100 <= scheduled; }
};

// "RESULT target_rps=... achieved_rps=... requests=... errors=... non2xx=... p50_us=...
// p90_us=... p99_us=... p999_us=... max_us=... late=... max_lag_us=... schedule=kept|missed"
// achieved_rps is answers per second from the start of the schedule to the last answer (or the
// end of the schedule, if later). Latencies are whole microseconds.
std::string ResultLine(const LoadOptions& options, const LoadTotals& totals);

}  // namespace vigil::loadgen
