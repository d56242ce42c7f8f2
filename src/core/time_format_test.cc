#include "core/time_format.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Iso8601, ParsesTheSeedTimestamp) {
  auto t = ParseIso8601("2025-07-15T12:34:56Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1752582896LL * 1'000'000);
  EXPECT_EQ(FormatIso8601(*t), "2025-07-15T12:34:56Z");
}

TEST(Iso8601, FractionsAndOffsets) {
  EXPECT_EQ(*ParseIso8601("1970-01-01T00:00:00.5Z"), 500'000);
  EXPECT_EQ(*ParseIso8601("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*ParseIso8601("1970-01-02"), 86'400'000'000LL);
  EXPECT_EQ(FormatIso8601(1'500'000), "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(FormatIso8601(1'000'001), "1970-01-01T00:00:01.000001Z");
  EXPECT_EQ(FormatIso8601(-1'000'000), "1969-12-31T23:59:59Z");
}

TEST(Iso8601, RejectsWithReasons) {
  EXPECT_FALSE(ParseIso8601("2025-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseIso8601("2025-07-15T12:34:56"));  // no zone
  EXPECT_FALSE(ParseIso8601("yesterday"));
  EXPECT_FALSE(ParseIso8601("2025-07-15T25:00:00Z"));
  auto e = ParseIso8601("2025-07-15T12:34:56");
  EXPECT_NE(e.error().message.find("time zone"), std::string::npos);
}

TEST(Iso8601, LeapYears) {
  EXPECT_TRUE(ParseIso8601("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseIso8601("2023-02-29T00:00:00Z"));
  EXPECT_TRUE(ParseIso8601("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseIso8601("1900-02-29T00:00:00Z"));
}

}  // namespace
}  // namespace vigil
