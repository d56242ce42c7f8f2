#include "core/duration.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Duration, ParsesEachUnit) {
  EXPECT_EQ(ParseDuration("90s"), 90'000'000);
  EXPECT_EQ(ParseDuration("15m"), 900'000'000);
  EXPECT_EQ(ParseDuration("24h"), 86'400'000'000);
  EXPECT_EQ(ParseDuration("30d"), 30LL * 86'400'000'000);
  EXPECT_EQ(ParseDuration("0s"), 0);
}

TEST(Duration, RefusesWhatIsNotADuration) {
  for (const char* bad : {"", "s", "30", "1w", "-5d", "1.5h", "d5", "5 d", "99999999999999999d"}) {
    auto parsed = ParseDuration(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().message;
  }
}

TEST(Duration, FormatsInTheLargestWholeUnit) {
  EXPECT_EQ(FormatDuration(30LL * 86'400'000'000), "30d");
  EXPECT_EQ(FormatDuration(36LL * 3'600'000'000), "36h");
  EXPECT_EQ(FormatDuration(90'000'000), "90s");
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(ParseDuration(FormatDuration(7LL * 86'400'000'000)), 7LL * 86'400'000'000);
}

}  // namespace
}  // namespace vigil
