#include "rules/regex.h"

#include <string>

#include "rules/limits.h"

namespace vigil::rules {

Result<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern) {
  if (pattern.size() > CompileLimits::kMaxRegexPatternBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "the regular expression is " + std::to_string(pattern.size()) +
                    " bytes long; the limit is " +
                    std::to_string(CompileLimits::kMaxRegexPatternBytes));
  }
  re2::RE2::Options options;
  options.set_log_errors(false);  // errors are returned to the rule author instead
  options.set_max_mem(CompileLimits::kMaxRegexMemoryBytes);
  auto regex =
      std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (regex->error_code() == re2::RE2::ErrorPatternTooLarge) {
    return Fail(ErrorCode::kInvalidArgument, "the regular expression is too large to compile");
  }
  if (!regex->ok()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid regular expression: " + regex->error());
  }
  return regex;
}

}  // namespace vigil::rules
