#include "core/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/time_format.h"

namespace vigil {

const char* DataTypeName(DataType type) {
  switch (type) {
    case DataType::kString: return "STRING";
    case DataType::kInteger: return "INTEGER";
    case DataType::kFloat: return "FLOAT";
    case DataType::kBoolean: return "BOOLEAN";
    case DataType::kDateTime: return "DATETIME";
  }
  return "STRING";
}

std::optional<DataType> ParseDataType(std::string_view name) {
  if (name == "STRING") return DataType::kString;
  if (name == "INTEGER") return DataType::kInteger;
  if (name == "FLOAT") return DataType::kFloat;
  if (name == "BOOLEAN") return DataType::kBoolean;
  if (name == "DATETIME") return DataType::kDateTime;
  return std::nullopt;
}

namespace {

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, end);
  // Keep a visible decimal point so a FLOAT never reads like an INTEGER.
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string Describe(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return Quote(text);
  return Quote(std::string(text.substr(0, kMax)) + "...");
}

Error Mismatch(DataType type, std::string_view got) {
  return Error{ErrorCode::kInvalidArgument,
               std::string("expected ") + (type == DataType::kInteger ? "an " : "a ") +
                   DataTypeName(type) + ", got " + std::string(got),
               {}};
}

}  // namespace

std::string Value::ToLiteral() const {
  if (is_null()) return "null";
  if (is_boolean()) return boolean() ? "true" : "false";
  if (is_integer()) return std::to_string(integer());
  if (is_float()) return FormatDouble(floating());
  if (is_string()) return Quote(string());
  return Quote(FormatIso8601(datetime().micros));
}

Result<Value> CoerceText(std::string_view text, DataType type) {
  switch (type) {
    case DataType::kString:
      return Value::String(std::string(text));
    case DataType::kInteger: {
      int64_t i = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
      if (ec == std::errc() && p == text.data() + text.size() && !text.empty()) {
        return Value::Integer(i);
      }
      // "12.0" is an integer written as a float; accept it when it is integral.
      double d = 0;
      auto [q, ec2] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec2 == std::errc() && q == text.data() + text.size() && std::isfinite(d) &&
          d == std::trunc(d) && std::fabs(d) < 9.2e18) {
        return Value::Integer(static_cast<int64_t>(d));
      }
      return std::unexpected(Mismatch(type, Describe(text)));
    }
    case DataType::kFloat: {
      double d = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && p == text.data() + text.size() && !text.empty() &&
          std::isfinite(d)) {
        return Value::Float(d);
      }
      return std::unexpected(Mismatch(type, Describe(text)));
    }
    case DataType::kBoolean: {
      std::string lower;
      for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "true") return Value::Boolean(true);
      if (lower == "false") return Value::Boolean(false);
      return std::unexpected(Mismatch(type, Describe(text)));
    }
    case DataType::kDateTime: {
      auto micros = ParseIso8601(text);
      if (!micros) {
        return std::unexpected(Mismatch(type, Describe(text) + " (" + micros.error().message + ")"));
      }
      return Value::Time(DateTime{*micros});
    }
  }
  return std::unexpected(Mismatch(type, Describe(text)));
}

Result<Value> Coerce(const Value& value, DataType type) {
  if (value.is_null()) return value;
  if (value.is_string()) return CoerceText(value.string(), type);
  switch (type) {
    case DataType::kString:
      if (value.is_boolean()) return Value::String(value.boolean() ? "true" : "false");
      if (value.is_integer()) return Value::String(std::to_string(value.integer()));
      if (value.is_float()) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.floating());
        return Value::String(std::string(buf, end));
      }
      return Value::String(FormatIso8601(value.datetime().micros));
    case DataType::kInteger:
      if (value.is_integer()) return value;
      if (value.is_float() && std::isfinite(value.floating()) &&
          value.floating() == std::trunc(value.floating()) && std::fabs(value.floating()) < 9.2e18) {
        return Value::Integer(static_cast<int64_t>(value.floating()));
      }
      return std::unexpected(Mismatch(type, value.ToLiteral()));
    case DataType::kFloat:
      if (value.is_number()) return Value::Float(value.number());
      return std::unexpected(Mismatch(type, value.ToLiteral()));
    case DataType::kBoolean:
      if (value.is_boolean()) return value;
      return std::unexpected(Mismatch(type, value.ToLiteral()));
    case DataType::kDateTime:
      if (value.is_datetime()) return value;
      return std::unexpected(Mismatch(type, value.ToLiteral()));
  }
  return std::unexpected(Mismatch(type, value.ToLiteral()));
}

}  // namespace vigil
