#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace vigil::json {
namespace {

TEST(JsonWriter, NestedContainersGetTheirCommas) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("a").Integer(1).Key("b").BeginArray().String("x").Null().Bool(true).EndArray();
  w.Key("c").BeginObject().EndObject().Key("d").BeginArray().EndArray().EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":["x",null,true],"c":{},"d":[]})");
}

TEST(JsonWriter, StringsAreEscaped) {
  std::string out;
  JsonWriter(out).String("q\"b\\n\n\t\x01 é");
  EXPECT_EQ(out, "\"q\\\"b\\\\n\\n\\t\\u0001 é\"");
  EXPECT_EQ(boost::json::parse(out).as_string(), "q\"b\\n\n\t\x01 é");
}

TEST(JsonWriter, NumbersRoundTrip) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray().Double(1000).Double(0.1).Double(1e300).Double(NAN).Integer(-42).EndArray();
  EXPECT_EQ(out, "[1000.0,0.1,1e+300,null,-42]");
  auto parsed = boost::json::parse(out).as_array();
  EXPECT_EQ(parsed[1].as_double(), 0.1);
}

TEST(JsonWriter, ValuesByType) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray().Write(Value::Time(DateTime{0})).Write(Value::Float(2.5)).Write(Value()).EndArray();
  EXPECT_EQ(out, R"(["1970-01-01T00:00:00Z",2.5,null])");
}

}  // namespace
}  // namespace vigil::json
