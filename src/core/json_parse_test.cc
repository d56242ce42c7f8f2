#include <gtest/gtest.h>

#include <charconv>
#include <random>
#include <string>

#include "core/json.h"
#include "core/json_writer.h"

namespace vigil::json {
namespace {

// Boost.JSON 1.81's own parser reads about one in nine of these one unit off in the last place.
TEST(JsonParse, EveryDoubleJsonWriterWritesReadsBackBitForBit) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(-3, 3);
  int differ = 0;
  for (int i = 0; i < 20'000; ++i) {
    const double d = i % 2 == 0 ? uniform(random) : uniform(random) * 1e-12;
    std::string text;
    JsonWriter(text).Double(d);
    auto parsed = Parse("[" + text + "]");
    ASSERT_TRUE(parsed) << text;
    differ += parsed->as_array()[0].as_double() != d;
  }
  EXPECT_EQ(differ, 0);
  EXPECT_EQ(Parse("[1.7379118170389019]")->as_array()[0].as_double(), 1.7379118170389019);
}

TEST(JsonParse, ReadsWhatBoostReadsOtherwise) {
  auto v = Parse(R"({"a": [1, -2, 18446744073709551615, 2.5e-3, "x\u00e9", true, null], "b": {}})");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, boost::json::parse(
                    R"({"a": [1, -2, 18446744073709551615, 2.5e-3, "x\u00e9", true, null], "b": {}})"));
  EXPECT_TRUE(Parse("[1e999]")->as_array()[0].as_double() > 1e308);  // an infinity, as Boost's
  // A long string or key arrives in parts; so may a number.
  const std::string key(5000, 'k'), value(70'000, 'v');
  auto big = Parse("{\"" + key + "\": \"" + value + "\", \"n\": 0.30000000000000004}");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->at(key).as_string(), value);
  EXPECT_EQ(big->at("n").as_double(), 0.1 + 0.2);
}

TEST(JsonParse, MalformedTextNamesWhere) {
  for (const char* bad : {"{\"a\": 1,}", "[1, 2", "{\"a\": 1} x", "", "[01]"}) {
    auto v = Parse(bad);
    ASSERT_FALSE(v) << bad;
    EXPECT_NE(v.error().message.find("malformed JSON at"), std::string::npos) << bad;
  }
  std::string deep(65, '[');
  EXPECT_FALSE(Parse(deep + std::string(65, ']')));
  EXPECT_TRUE(Parse(std::string(64, '[') + std::string(64, ']')));
}

}  // namespace
}  // namespace vigil::json
