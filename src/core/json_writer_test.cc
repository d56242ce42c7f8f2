#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json.h"

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

// Every character that needs escaping, at every position of strings longer than the eight bytes
// the writer scans at a time, next to UTF-8 and other bytes that must pass through unchanged.
TEST(JsonWriter, EscapesAtEveryPositionOfLongStrings) {
  const std::string specials = std::string("\"\\\n\r\t\x01\x1f", 7) + std::string(1, '\0');
  const std::string plain = "abcdefgh\xc3\xa9\x7f !#[]{}0123456789";
  for (char special : specials) {
    for (size_t at = 0; at <= plain.size(); ++at) {
      if (at == 9) continue;  // inside the two bytes of "é"
      std::string input = plain;
      input.insert(at, 1, special);
      std::string out;
      JsonWriter(out).String(input);
      auto parsed = boost::json::parse(out);
      ASSERT_TRUE(parsed.is_string()) << out;
      EXPECT_EQ(std::string(parsed.as_string()), input) << "special " << int(special) << " at " << at;
      EXPECT_EQ(out.find_first_of(std::string("\n\r\t\x01\x1f\0", 6)), std::string::npos) << out;
    }
  }
  std::string out;
  JsonWriter(out).String(plain + plain);
  EXPECT_EQ(out, "\"" + plain + plain + "\"");
}

}  // namespace
}  // namespace vigil::json

namespace vigil::json {
namespace {

TEST(JsonSerialize, WritesNumbersAsPeopleDoAndEverythingElseAsBoostDoes) {
  const auto doc = Parse(R"({"a":1000.0,"b":12.5,"c":-3,"d":[true,null,"x\"y"],"e":{"f":1e300},
                           "g":18446744073709551615,"h":0.1})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(Serialize(*doc),
            R"({"a":1000.0,"b":12.5,"c":-3,"d":[true,null,"x\"y"],"e":{"f":1e+300},)"
            R"("g":18446744073709551615,"h":0.1})");
  // And it reads back to the same document.
  EXPECT_EQ(*Parse(Serialize(*doc)), *doc);
}

}  // namespace
}  // namespace vigil::json
