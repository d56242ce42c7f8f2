// The built-in functions of DETECTORPL: names (matched case-insensitively), arity, and the types
// they take and return. The binder checks calls against this table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "rules/types.h"

namespace vigil::rules {

enum class Function : uint8_t {
  kRegexMatch,            // regex_match(pattern, s) -> BOOLEAN; pattern a string literal
  kLowercase,             // lowercase(s) -> STRING
  kUppercase,             // uppercase(s) -> STRING
  kGetCurrentDateTime,    // getcurrentdatetime() -> DATETIME (the evaluation's "now")
  kIsBefore,              // isbefore(a, b) -> BOOLEAN, a earlier than b
  kIsAfter,               // isafter(a, b) -> BOOLEAN, a later than b
  kGetEpochMilliseconds,  // getepochmilliseconds(dt) -> INTEGER
  kGetEventDateTime,      // geteventdatetime() -> DATETIME (the event's own timestamp)
  kGetHour,               // gethour(dt) -> INTEGER 0..23, UTC
  kGetDayOfWeek,          // getdayofweek(dt) -> INTEGER 1 (Monday) .. 7 (Sunday), UTC
};

struct FunctionSignature {
  Function function;
  std::string_view name;  // lower case, as documented
  std::vector<RuleType> parameters;
  RuleType result;
};

// The function named `name` in any letter case, if there is one.
std::optional<FunctionSignature> FindFunction(std::string_view name);

// Every function's documented name, for "did you mean" hints.
std::vector<std::string_view> FunctionNames();

}  // namespace vigil::rules
