// Static types of rule expressions. A variable's type is its declared DataType; literals,
// operators and functions have the types listed in docs/rules.md. Two types exist only at compile
// time: NULL (the `null` literal) and LIST (@name or [...], only on the right of `in`).
#pragma once

#include <cstdint>

#include "core/value.h"

namespace vigil::rules {

enum class RuleType : uint8_t { kBoolean, kInteger, kFloat, kString, kDateTime, kNull, kList };

// "BOOLEAN", "INTEGER", "FLOAT", "STRING", "DATETIME", "null", "a list": as messages show them.
const char* RuleTypeName(RuleType type);

RuleType FromDataType(DataType type);

inline bool IsNumeric(RuleType type) {
  return type == RuleType::kInteger || type == RuleType::kFloat;
}

}  // namespace vigil::rules
