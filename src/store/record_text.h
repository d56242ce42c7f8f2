// How the store writes times and scores as text: in its tables (so that the sqlite3 shell shows
// and sorts them correctly) and in the hash chain input (hash_chain.h). One definition, shared by
// every backend, so a hash computed by one can be checked by another.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::store {

// Times the store accepts: 0000-01-01T00:00:00Z through 9999-12-31T23:59:59.999999Z, so that
// their text is fixed-width.
inline constexpr int64_t kMinTimestampMicros = -62'167'219'200'000'000;
inline constexpr int64_t kMaxTimestampMicros = 253'402'300'799'999'999;

// Fails with kInvalidArgument naming `field` when `micros` is outside the range above.
Status CheckTimestamp(int64_t micros, std::string_view field);

// "2025-07-15T12:34:56.000000Z": ISO-8601 UTC, always six fractional digits, so that text order
// is time order (`WHERE timestamp >= '2025-07-15'` works in the shell).
// Precondition: CheckTimestamp(micros) passed.
std::string TimestampText(int64_t micros);

// Reads TimestampText's output back (any ISO-8601 the core parser takes). The error names `field`.
Result<int64_t> ParseTimestampText(std::string_view text, std::string_view field);

// The shortest decimal text that reads back as the same double ("947", "0.125"); empty for none.
std::string ScoreText(std::optional<double> score);

}  // namespace vigil::store
