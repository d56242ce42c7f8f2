// ISO-8601 UTC timestamps, as AFD sends them: "2025-07-15T12:34:56Z", with optional fractional
// seconds and a "Z" or numeric offset. Also "YYYY-MM-DD" (midnight UTC).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil {

// Parses to microseconds since the epoch. Rejects anything else with a message that says why.
Result<int64_t> ParseIso8601(std::string_view text);

// Formats microseconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ", adding ".mmm" or ".uuuuuu"
// only when the fraction is not zero.
std::string FormatIso8601(int64_t micros);

}  // namespace vigil
