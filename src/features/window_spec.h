// What one aggregate computes over the events of a key (an entity, or the value of a variable):
// the function, the window's length and how far its end lies before the event (the delay).
//
// The window of an event at time t is (t - delay - window, t - delay]: it holds the key's earlier
// events in that range, and the event itself when the delay is 0 (the Handbook's customer
// windows include the current payment; time_since_last looks only back; with delay 0 the event
// counts in fraud_rate's denominator, unlabelled). With a delay the window ends before the event, as the Handbook's terminal
// risk features do: labels are known only a while after the payment, so the fraud rate of the
// last 7 days would be computed on labels nobody has yet.
#pragma once

#include <cstdint>
#include <string_view>

#include "catalog/aggregate.h"
#include "core/result.h"

namespace vigil::features {

using Function = catalog::AggregateFunction;
using catalog::NeedsValue;
inline std::string_view FunctionName(Function function) {
  return catalog::AggregateFunctionName(function);
}

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
