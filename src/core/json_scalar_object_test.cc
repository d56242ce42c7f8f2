#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/json.h"
#include "core/json_scalar_object.h"
#include "core/json_writer.h"

namespace vigil::json {
namespace {

using Fields = std::vector<std::pair<std::string, Value>>;

// What json::Parse and ToValue make of the same text: the reference ReadScalarObject must equal.
Fields ThroughTree(std::string_view text) {
  Fields fields;
  auto parsed = Parse(text);
  EXPECT_TRUE(parsed && parsed->is_object()) << text;
  if (!parsed || !parsed->is_object()) return fields;
  for (const auto& [name, raw] : parsed->as_object()) {
    auto value = ToValue(raw, name);
    EXPECT_TRUE(value) << text;
    if (value) fields.emplace_back(std::string(name), *value);
  }
  return fields;
}

TEST(ReadScalarObject, ReadsEveryScalarAsParseAndToValueDo) {
  const std::string text =
      R"({"amount": 12.5, "n": -3, "big": 18446744073709551615, "id": "x\u00e9",)"
      R"( "ok": true, "none": null, "tiny": 2.5e-3})";
  Fields fields;
  ASSERT_TRUE(ReadScalarObject(text, fields));
  EXPECT_EQ(fields, ThroughTree(text));
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[0], (std::pair<std::string, Value>{"amount", Value::Float(12.5)}));
  EXPECT_EQ(fields[2].second, Value::Float(18446744073709551615.0));
  EXPECT_EQ(fields[3].second, Value::String("x\xc3\xa9"));
}

TEST(ReadScalarObject, DoublesReadBackBitForBit) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> uniform(-1e6, 1e6);
  Fields fields;
  for (int i = 0; i < 5'000; ++i) {
    const double d = uniform(random);
    std::string text = "{\"v\": ";
    JsonWriter(text).Double(d);
    text += "}";
    ASSERT_TRUE(ReadScalarObject(text, fields)) << text;
    ASSERT_EQ(fields.at(0).second, Value::Float(d)) << text;
  }
}

TEST(ReadScalarObject, KeepsTheFirstPairsAndReusesTheRest) {
  Fields fields{{"customer_id", Value::String("c1")}, {"stale", Value::Integer(1)},
                {"staler", Value::Integer(2)}};
  ASSERT_TRUE(ReadScalarObject(R"({"a": 1})", fields, 1));
  EXPECT_EQ(fields, (Fields{{"customer_id", Value::String("c1")}, {"a", Value::Integer(1)}}));
  ASSERT_TRUE(ReadScalarObject("{}", fields, 1));
  EXPECT_EQ(fields, (Fields{{"customer_id", Value::String("c1")}}));
}

TEST(ReadScalarObject, LongNamesAndStringsThatArriveInParts) {
  const std::string key(5000, 'k'), value(70'000, 'v');
  Fields fields;
  ASSERT_TRUE(ReadScalarObject("{\"" + key + "\": \"" + value + "\", \"n\": 0.30000000000000004}",
                               fields));
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].first, key);
  EXPECT_EQ(fields[0].second, Value::String(value));
  EXPECT_EQ(fields[1].second, Value::Float(0.30000000000000004));
}

TEST(ReadScalarObject, RefusesWhatIsNotAnObjectOfScalarsAndKeepsOnlyTheFirstPairs) {
  const Fields kept{{"customer_id", Value::String("c1")}};
  const std::pair<std::string, std::string> cases[] = {
      {"[1, 2]", "the JSON is not an object"},
      {"7", "the JSON is not an object"},
      {R"({"a": 1, "b": [1]})", "b must be a string, number, boolean or null, not an array"},
      {R"({"a": {"x": 1}})", "a must be a string, number, boolean or null, not an object"},
      {R"({"a": 1e999})", "a is out of range: a number must be within ±1.7e308"},
      {R"({"a": 1,})", "malformed JSON at 1:9"},
      {R"({"a": 1} x)", "malformed JSON at 1:10"},
  };
  for (const auto& [text, message] : cases) {
    Fields fields = kept;
    auto read = ReadScalarObject(text, fields, 1);
    ASSERT_FALSE(read) << text;
    EXPECT_NE(read.error().message.find(message), std::string::npos)
        << text << ": " << read.error().message;
    EXPECT_EQ(fields, kept) << text;
  }
}

}  // namespace
}  // namespace vigil::json
