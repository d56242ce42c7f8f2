// JsonWriter: writes JSON text straight into a string, for hot paths where building a DOM first
// would cost more than the decision itself (the decision record, the /detect answer). Commas are
// placed automatically; the caller keeps objects and arrays balanced and writes a Key before each
// member of an object. Strings are escaped per RFC 8259; non-finite doubles are written as null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/container/small_vector.hpp>
#include <boost/json/value.hpp>

#include "core/value.h"

namespace vigil::json {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Integer(int64_t i);
  JsonWriter& Double(double d);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  // A Value as JSON: DATETIME as an ISO-8601 string.
  JsonWriter& Write(const Value& v);
  // Already serialised JSON, inserted as one value.
  JsonWriter& Raw(std::string_view json);
  // A Boost.JSON value, doubles written as Double writes them.
  JsonWriter& Write(const boost::json::value& v);

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate();  // a comma before every value but the first of its container

  std::string& out_;
  // Per open container: nothing written yet. Records nest a few levels; deeper ones allocate.
  boost::container::small_vector<char, 16> first_{1};
  bool after_key_ = false;
};

}  // namespace vigil::json
