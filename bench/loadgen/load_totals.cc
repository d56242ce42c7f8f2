#include "load_totals.h"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::loadgen {

void LoadTotals::Merge(const LoadTotals& other) {
  scheduled += other.scheduled;
  responses += other.responses;
  non2xx += other.non2xx;
  errors += other.errors;
  late += other.late;
  last_response_nanos = std::max(last_response_nanos, other.last_response_nanos);
  latency.Merge(other.latency);
  lag.Merge(other.lag);
  if (first_error.empty()) first_error = other.first_error;
}

std::string ResultLine(const LoadOptions& options, const LoadTotals& totals) {
  const int64_t elapsed = std::max<int64_t>(totals.last_response_nanos, options.duration.count());
  const double achieved =
      static_cast<double>(totals.responses) / (static_cast<double>(elapsed) / 1e9);
  const auto micros = [](int64_t nanos) { return (nanos + 500) / 1000; };
  const LatencyHistogram& l = totals.latency;
  return fmt::format(
      "RESULT target_rps={:.0f} achieved_rps={:.0f} requests={} errors={} non2xx={} p50_us={} "
      "p90_us={} p99_us={} p999_us={} max_us={} late={} max_lag_us={} schedule={}",
      options.rate, achieved, totals.responses, totals.errors, totals.non2xx,
      micros(l.Percentile(50)), micros(l.Percentile(90)), micros(l.Percentile(99)),
      micros(l.Percentile(99.9)), micros(l.Max()), totals.late, micros(totals.lag.Max()),
      totals.ScheduleKept() ? "kept" : "missed");
}

}  // namespace vigil::loadgen
