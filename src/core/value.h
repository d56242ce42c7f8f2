// Typed variable values. A Value is what a declared variable holds during a decision: null, or one
// of AFD's five data types. Small and copyable; strings own their bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.h"

namespace vigil {

enum class DataType : uint8_t { kString, kInteger, kFloat, kBoolean, kDateTime };

const char* DataTypeName(DataType type);                 // "STRING", "INTEGER", ...
std::optional<DataType> ParseDataType(std::string_view name);  // exact upper-case AFD names

// DateTime values are microseconds since the Unix epoch, UTC.
struct DateTime {
  int64_t micros = 0;
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Boolean(bool b) { return Value(b); }
  static Value Integer(int64_t i) { return Value(i); }
  static Value Float(double d) { return Value(d); }
  static Value String(std::string s) { return Value(std::move(s)); }
  static Value Time(DateTime t) { return Value(t); }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_boolean() const { return std::holds_alternative<bool>(v_); }
  bool is_integer() const { return std::holds_alternative<int64_t>(v_); }
  bool is_float() const { return std::holds_alternative<double>(v_); }
  bool is_number() const { return is_integer() || is_float(); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_datetime() const { return std::holds_alternative<DateTime>(v_); }

  // Preconditions: the matching is_*() is true.
  bool boolean() const { return std::get<bool>(v_); }
  int64_t integer() const { return std::get<int64_t>(v_); }
  double floating() const { return std::get<double>(v_); }
  double number() const { return is_integer() ? static_cast<double>(integer()) : floating(); }
  const std::string& string() const { return std::get<std::string>(v_); }
  DateTime datetime() const { return std::get<DateTime>(v_); }

  // Text as a rule author reads it: null, true, 1000, 12.5, "a \"quoted\" string",
  // "2025-07-15T12:34:56Z". Used for expression-with-values and logs.
  std::string ToLiteral() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  explicit Value(bool b) : v_(b) {}
  explicit Value(int64_t i) : v_(i) {}
  explicit Value(double d) : v_(d) {}
  explicit Value(std::string s) : v_(std::move(s)) {}
  explicit Value(DateTime t) : v_(t) {}

  std::variant<std::monostate, bool, int64_t, double, std::string, DateTime> v_;
};

// Converts text to `type` the way AFD coerces its string-valued eventVariables: integers and
// floats in decimal, booleans as true/false (any case), datetimes as ISO-8601 UTC.
// Errors name what was expected ("expected an INTEGER, got \"12a\"").
Result<Value> CoerceText(std::string_view text, DataType type);

// Converts `value` (from a JSON number, string or boolean) to `type`. Numbers become STRING as
// their shortest text; an integral FLOAT becomes INTEGER; a fractional one is an error; numeric
// strings become numbers. A null stays null.
Result<Value> Coerce(const Value& value, DataType type);

}  // namespace vigil
