// Run-time numbers of rule evaluation: null, a 64-bit INTEGER or a FLOAT (double), with the
// arithmetic and comparison semantics documented in docs/rules.md:
//   - comparisons between INTEGER and FLOAT are exact (9007199254740993 != 9007199254740992.0);
//   - + - * on two INTEGERs that overflow 64 bits give the FLOAT result instead of wrapping;
//   - / always gives a FLOAT (7 / 2 is 3.5);
//   - % keeps the sign of the left operand (-7 % 3 is -1); on FLOATs it is fmod;
//   - division or modulo by zero, any null operand and a not-a-number FLOAT result give null.
// Everything here is allocation-free and header-inline where it is on the hot path.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/value.h"

namespace vigil::rules {

struct Number {
  enum class Kind : uint8_t { kNull, kInteger, kFloat };
  Kind kind = Kind::kNull;
  int64_t integer = 0;
  double floating = 0;

  static Number Null() { return Number(); }
  static Number Integer(int64_t value) {
    Number n;
    n.kind = Kind::kInteger;
    n.integer = value;
    return n;
  }
  // NaN is not a number a rule can reason about: it becomes null.
  static Number Float(double value) {
    Number n;
    if (std::isnan(value)) return n;
    n.kind = Kind::kFloat;
    n.floating = value;
    return n;
  }
  // INTEGER and FLOAT values read as numbers; anything else (null, a mismatched kind) as null.
  static Number FromValue(const Value& value) {
    if (value.is_integer()) return Integer(value.integer());
    if (value.is_float()) return Float(value.floating());
    return Null();
  }

  bool is_null() const { return kind == Kind::kNull; }
  bool is_integer() const { return kind == Kind::kInteger; }
  bool is_zero() const { return is_integer() ? integer == 0 : floating == 0; }
  double AsDouble() const { return is_integer() ? static_cast<double>(integer) : floating; }
  Value ToValue() const;
};

Number Add(Number a, Number b);
Number Subtract(Number a, Number b);
Number Multiply(Number a, Number b);
Number Divide(Number a, Number b);
Number Modulo(Number a, Number b);
Number Negate(Number a);

// Exact three-way comparison of two non-null numbers: negative, zero or positive.
int CompareExact(int64_t a, double b);
inline int Compare(Number a, Number b) {
  if (a.is_integer() && b.is_integer()) return (a.integer > b.integer) - (a.integer < b.integer);
  if (a.is_integer()) return CompareExact(a.integer, b.floating);
  if (b.is_integer()) return -CompareExact(b.integer, a.floating);
  return (a.floating > b.floating) - (a.floating < b.floating);
}

// The decimal text of a non-null number, as `in @list` compares it: 42, -7, 12.5, 900 (a FLOAT
// with no fraction has no ".0"), 1e+21. Writes into `buffer` and returns a view of it.
using NumberTextBuffer = char[32];
std::string_view FormatNumber(Number n, NumberTextBuffer& buffer);

}  // namespace vigil::rules
