// regex_match patterns: RE2 syntax, compiled once when the rule is compiled, bounded in size.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string_view>

#include "core/result.h"

namespace vigil::rules {

// Compiles `pattern` for whole-string matching (RE2::FullMatch, like Java's String.matches()).
// Fails with a message without position (the caller adds it) when the pattern is longer than
// CompileLimits::kMaxRegexPatternBytes, is not valid RE2, or needs more than
// CompileLimits::kMaxRegexMemoryBytes. The result is immutable and safe to match concurrently.
Result<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern);

}  // namespace vigil::rules
