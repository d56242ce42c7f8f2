#include "features/window_spec.h"

#include <string>

namespace vigil::features {

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
