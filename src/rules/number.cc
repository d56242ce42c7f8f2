#include "rules/number.h"

#include <charconv>
#include <limits>

namespace vigil::rules {

Value Number::ToValue() const {
  switch (kind) {
    case Kind::kNull:
      return Value::Null();
    case Kind::kInteger:
      return Value::Integer(integer);
    case Kind::kFloat:
      return Value::Float(floating);
  }
  return Value::Null();
}

Number Add(Number a, Number b) {
  if (a.is_null() || b.is_null()) return Number::Null();
  if (a.is_integer() && b.is_integer()) {
    int64_t sum;
    if (!__builtin_add_overflow(a.integer, b.integer, &sum)) return Number::Integer(sum);
  }
  return Number::Float(a.AsDouble() + b.AsDouble());
}

Number Subtract(Number a, Number b) {
  if (a.is_null() || b.is_null()) return Number::Null();
  if (a.is_integer() && b.is_integer()) {
    int64_t difference;
    if (!__builtin_sub_overflow(a.integer, b.integer, &difference)) {
      return Number::Integer(difference);
    }
  }
  return Number::Float(a.AsDouble() - b.AsDouble());
}

Number Multiply(Number a, Number b) {
  if (a.is_null() || b.is_null()) return Number::Null();
  if (a.is_integer() && b.is_integer()) {
    int64_t product;
    if (!__builtin_mul_overflow(a.integer, b.integer, &product)) return Number::Integer(product);
  }
  return Number::Float(a.AsDouble() * b.AsDouble());
}

Number Divide(Number a, Number b) {
  if (a.is_null() || b.is_null() || b.is_zero()) return Number::Null();
  return Number::Float(a.AsDouble() / b.AsDouble());
}

Number Modulo(Number a, Number b) {
  if (a.is_null() || b.is_null() || b.is_zero()) return Number::Null();
  if (a.is_integer() && b.is_integer()) {
    // INT64_MIN % -1 overflows in C++; mathematically it is 0.
    if (b.integer == -1) return Number::Integer(0);
    return Number::Integer(a.integer % b.integer);
  }
  return Number::Float(std::fmod(a.AsDouble(), b.AsDouble()));
}

Number Negate(Number a) {
  if (a.is_null()) return a;
  if (a.is_integer()) {
    if (a.integer == std::numeric_limits<int64_t>::min()) {
      return Number::Float(-static_cast<double>(a.integer));
    }
    return Number::Integer(-a.integer);
  }
  return Number::Float(-a.floating);
}

int CompareExact(int64_t a, double b) {
  // 2^63 is exactly representable; every double at or above it exceeds every int64, and every
  // double below -2^63 is below every int64.
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (b >= kTwoTo63) return -1;
  if (b < -kTwoTo63) return 1;
  const double whole = std::trunc(b);
  const int64_t whole_integer = static_cast<int64_t>(whole);  // exact: |whole| < 2^63
  if (a != whole_integer) return a < whole_integer ? -1 : 1;
  const double fraction = b - whole;
  return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0);
}

std::string_view FormatNumber(Number n, NumberTextBuffer& buffer) {
  char* const end = buffer + sizeof(NumberTextBuffer);
  std::to_chars_result result = n.is_integer() ? std::to_chars(buffer, end, n.integer)
                                               : std::to_chars(buffer, end, n.floating);
  return std::string_view(buffer, result.ptr - buffer);
}

}  // namespace vigil::rules
