#include "core/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/time_format.h"

namespace vigil::json {

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  if (first_.size() > 1) first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  String(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

namespace {

// Characters a JSON string cannot hold as they are: controls, the quote and the backslash.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

// How many leading characters of [p, p + n) need no escaping. Eight at a time: a word has a byte
// below 0x20, a quote or a backslash exactly when one of the three tests sets that byte's top bit.
size_t PlainPrefix(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    const uint64_t quote = word ^ (kOnes * '"');
    const uint64_t backslash = word ^ (kOnes * '\\');
    const uint64_t special = (((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
                              ((backslash - kOnes) & ~backslash)) &
                             kHigh;
    if (special != 0) break;
  }
  while (i < n && !kNeedsEscape[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

}  // namespace

JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  static constexpr char kHex[] = "0123456789abcdef";
  out_.reserve(out_.size() + s.size() + 2);
  out_ += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    const char* plain_end = p + PlainPrefix(p, static_cast<size_t>(end - p));
    out_.append(p, plain_end);
    if (plain_end == end) break;
    const unsigned char c = static_cast<unsigned char>(*plain_end);
    p = plain_end + 1;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
  }
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::Integer(int64_t i) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Double(double d) {
  if (!std::isfinite(d)) return Null();
  Separate();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, end - buf);
  out_.append(text);
  // Keep a FLOAT recognisable as one: 1000 -> 1000.0.
  if (text.find_first_of(".eE") == std::string_view::npos) out_ += ".0";
  return *this;
}

JsonWriter& JsonWriter::Write(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return Null();
    case boost::json::kind::bool_: return Bool(v.get_bool());
    case boost::json::kind::int64: return Integer(v.get_int64());
    case boost::json::kind::uint64: {
      Separate();
      out_ += std::to_string(v.get_uint64());
      return *this;
    }
    case boost::json::kind::double_: return Double(v.get_double());
    case boost::json::kind::string: return String(v.get_string());
    case boost::json::kind::array:
      BeginArray();
      for (const auto& element : v.get_array()) Write(element);
      return EndArray();
    case boost::json::kind::object:
      BeginObject();
      for (const auto& [key, member] : v.get_object()) Key(key).Write(member);
      return EndObject();
  }
  return Null();
}

JsonWriter& JsonWriter::Bool(bool b) {
  Separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Write(const Value& v) {
  if (v.is_null()) return Null();
  if (v.is_boolean()) return Bool(v.boolean());
  if (v.is_integer()) return Integer(v.integer());
  if (v.is_float()) return Double(v.floating());
  if (v.is_string()) return String(v.string());
  return String(FormatIso8601(v.datetime().micros));
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_.append(json);
  return *this;
}

}  // namespace vigil::json
