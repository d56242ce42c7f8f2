#include "features/window_spec.h"

#include <array>
#include <string>
#include <utility>

namespace vigil::features {

namespace {

constexpr std::array<std::pair<Function, std::string_view>, 9> kNames{{
    {Function::kCount, "count"},
    {Function::kSum, "sum"},
    {Function::kMean, "mean"},
    {Function::kMin, "min"},
    {Function::kMax, "max"},
    {Function::kDistinctCount, "distinct_count"},
    {Function::kTimeSinceLast, "time_since_last"},
    {Function::kFraudCount, "fraud_count"},
    {Function::kFraudRate, "fraud_rate"},
}};

}  // namespace

std::string_view FunctionName(Function function) {
  for (const auto& [f, name] : kNames) {
    if (f == function) return name;
  }
  return "unknown";
}

std::optional<Function> ParseFunction(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

bool NeedsValue(Function function) {
  switch (function) {
    case Function::kSum:
    case Function::kMean:
    case Function::kMin:
    case Function::kMax:
    case Function::kDistinctCount:
      return true;
    default:
      return false;
  }
}

bool IsIntegerValued(Function function) {
  return function == Function::kCount || function == Function::kDistinctCount ||
         function == Function::kFraudCount;
}

bool CountsCurrentEvent(Function function, int64_t delay_micros) {
  if (delay_micros != 0) return false;
  return function != Function::kTimeSinceLast && function != Function::kFraudCount &&
         function != Function::kFraudRate;
}

Status Validate(const WindowSpec& spec) {
  if (spec.function == Function::kTimeSinceLast) {
    if (spec.delay_micros != 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "time_since_last looks at the previous event and takes no delay", "delay");
    }
    return {};
  }
  if (spec.window_micros < kMicrosPerSecond || spec.window_micros > kMaxWindowMicros) {
    return Fail(ErrorCode::kInvalidArgument,
                "the window of " + std::string(FunctionName(spec.function)) +
                    " must be between 1 second and 90 days",
                "window");
  }
  if (spec.delay_micros < 0 || spec.delay_micros > kMaxWindowMicros) {
    return Fail(ErrorCode::kInvalidArgument, "the delay must be between 0 and 90 days", "delay");
  }
  return {};
}

int64_t Span(const WindowSpec& spec) {
  if (spec.function == Function::kTimeSinceLast) return 0;
  return spec.window_micros + spec.delay_micros;
}

}  // namespace vigil::features
