// Durations as people write them in detector files: a whole number and a unit, "90s", "15m",
// "24h", "30d". Kept as text in the catalog (what the author wrote), parsed where used.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil {

// Microseconds in `text`: digits then one of s, m, h, d (seconds, minutes, hours, days).
// kInvalidArgument ("expected a duration such as 90s, 15m, 24h or 30d, got \"1w\"") otherwise,
// or when it exceeds 100 years.
Result<int64_t> ParseDuration(std::string_view text);

}  // namespace vigil
