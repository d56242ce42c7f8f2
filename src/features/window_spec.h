// What one aggregate computes over the events of a key (an entity, or the value of a variable):
// the function, the window's length and how far its end lies before the event (the delay).
//
// The window of an event at time t is (t - delay - window, t - delay]: it holds the key's earlier
// events in that range, and the event itself when delay is 0 and the function counts it (see
// CountsCurrentEvent). With a delay the window ends before the event, as the Handbook's terminal
// risk features do: labels are known only a while after the payment, so the fraud rate of the
// last 7 days would be computed on labels nobody has yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace vigil::features {

enum class Function : uint8_t {
  kCount,          // events in the window (INTEGER)
  kSum,            // sum of a number variable (FLOAT; 0 for an empty window)
  kMean,           // its mean (FLOAT; null for an empty window)
  kMin,            // its minimum (FLOAT; null when empty)
  kMax,            // its maximum (FLOAT; null when empty)
  kDistinctCount,  // distinct values of a variable (INTEGER)
  kTimeSinceLast,  // seconds since the key's previous event (FLOAT; null for the first)
  kFraudCount,     // events of the window labelled fraud, as known at decision time (INTEGER)
  kFraudRate,      // fraud count / events in the window (FLOAT; 0 for an empty window)
};

// "count", "sum", "mean", "min", "max", "distinct_count", "time_since_last", "fraud_count",
// "fraud_rate": the names of the detector file.
std::string_view FunctionName(Function function);
std::optional<Function> ParseFunction(std::string_view name);

// Whether the function reads a variable's value per event (sum, mean, min, max: a number;
// distinct_count: any value).
bool NeedsValue(Function function);
// Whether the result is an INTEGER (else FLOAT).
bool IsIntegerValued(Function function);
// Whether the event being decided is part of its own window: for count, sum, mean, min, max and
// distinct_count when the delay is 0 (the Handbook's customer windows include the current
// payment); never for time_since_last (it looks back) or the label functions (the event has no
// label yet, though with delay 0 it counts in fraud_rate's denominator).
bool CountsCurrentEvent(Function function, int64_t delay_micros);

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMaxWindowMicros = 90LL * 24 * 3600 * kMicrosPerSecond;  // 90 days

struct WindowSpec {
  Function function = Function::kCount;
  int64_t window_micros = 0;  // 1 second .. 90 days; ignored by time_since_last
  int64_t delay_micros = 0;   // 0 .. 90 days; must be 0 for time_since_last
  size_t source = 0;          // NeedsValue(): which of the event's SourceValues it reads
};

// kInvalidArgument naming the field ("window", "delay") when a bound is broken.
Status Validate(const WindowSpec& spec);

// How far back the key's events must be kept for `spec`: window + delay (0 for time_since_last).
int64_t Span(const WindowSpec& spec);

}  // namespace vigil::features
