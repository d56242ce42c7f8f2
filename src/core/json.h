// Reading and writing JSON with Boost.JSON, with errors that name where the problem is.
// ObjectReader walks one JSON object: each Get* records the member as known; Finish() rejects any
// member nobody asked for, so a misspelt field is an error rather than silently ignored.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/value.h"

namespace vigil::json {

// Parses text as JSON; the error names the line and column. Doubles are read correctly rounded
// (std::from_chars), so that every double JsonWriter writes reads back bit for bit.
Result<boost::json::value> Parse(std::string_view text);

// Converts a JSON scalar (null, bool, number, string) to a Value; arrays, objects and numbers
// beyond a double's range (which Boost.JSON reads as infinities) are errors naming `field`.
Result<Value> ToValue(const boost::json::value& v, std::string_view field);

// Converts a Value to JSON: DATETIME becomes an ISO-8601 string.
boost::json::value FromValue(const Value& v);

// JSON text of `v`, with numbers as people write them: Boost.JSON's own serialize writes a double
// in exponent form (1000.0 as 1E3, 12.5 as 1.25E1); this writes 1000.0 and 12.5 (shortest text
// that reads back to the same double, as the decision record does). What every answer and log
// line is written with.
std::string Serialize(const boost::json::value& v);

class ObjectReader {
 public:
  // `path` prefixes field names in errors, e.g. "rules[2]" gives "rules[2].expression".
  ObjectReader(const boost::json::value& v, std::string path);

  // Fails when the value given to the constructor is not an object.
  Status Check() const;

  Result<std::string> String(std::string_view key);                 // required
  Result<std::optional<std::string>> OptionalString(std::string_view key);
  Result<std::string> StringOr(std::string_view key, std::string fallback);
  Result<std::optional<int64_t>> OptionalInteger(std::string_view key);
  Result<std::optional<bool>> OptionalBool(std::string_view key);
  Result<std::vector<std::string>> StringList(std::string_view key, bool required);
  // A member of any type (nullptr when absent); the caller interprets it.
  const boost::json::value* Member(std::string_view key);

  // Fails naming the first member that no Get* asked for.
  Status Finish() const;

  std::string FieldPath(std::string_view key) const;

 private:
  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace vigil::json
