#include "core/yaml.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Yaml, ScalarsBecomeJsonTypes) {
  auto json = YamlToJson("a: 12\nb: 12.5\nc: true\nd: ~\ne: \"12\"\nf: text\n");
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ(*json,
            boost::json::parse(R"({"a":12,"b":12.5,"c":true,"d":null,"e":"12","f":"text"})"));
}

TEST(Yaml, RefusesTextThatIsNotUtf8WithItsPosition) {
  // Found by fuzzing (tests/fuzz/regressions/detector_file): such a description applied, and the
  // catalog holding it then failed to load from the store.
  auto json = YamlToJson("detector:\n  description: Caf\xe9\n");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(json.error().field, "body");
  EXPECT_EQ(json.error().message, "malformed YAML at 2:19: the text is not valid UTF-8");

  EXPECT_FALSE(YamlToJson("# comment \xed\xa0\x80\na: 1\n"));  // a surrogate, even in a comment
  auto escaped = YamlToJson("a: \"Caf\\xe9 \\u2713\"\n");      // escapes write valid UTF-8
  ASSERT_TRUE(escaped) << escaped.error().message;
  EXPECT_EQ(escaped->at("a"), "Caf\xc3\xa9 \xe2\x9c\x93");
}

TEST(Yaml, AliasesMayRepeatButNotExplode) {
  auto reused = YamlToJson("a: &o [fraud, review]\nb: *o\n");
  ASSERT_TRUE(reused) << reused.error().message;
  EXPECT_EQ(reused->at("b"), boost::json::parse(R"(["fraud","review"])"));

  // Eight levels of ten aliases each: 10^8 values from 400 bytes, which took minutes and
  // gigabytes to convert.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", " : "") + prev;
    bomb += "]\n";
  }
  auto exploded = YamlToJson(bomb);
  ASSERT_FALSE(exploded);
  EXPECT_EQ(exploded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(exploded.error().message.find("aliases expand the document to too many values"),
            std::string::npos)
      << exploded.error().message;
}

}  // namespace
}  // namespace vigil
