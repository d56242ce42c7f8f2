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

}  // namespace
}  // namespace vigil
