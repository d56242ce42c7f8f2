#include "core/text_position.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(TextPositionTest, CountsLinesAndColumnsFromOne) {
  const std::string_view text = "ab\ncd\n\nef";
  EXPECT_EQ(PositionText(text, 0), "1:1");
  EXPECT_EQ(PositionText(text, 2), "1:3");  // the newline itself ends line 1
  EXPECT_EQ(PositionText(text, 3), "2:1");
  EXPECT_EQ(PositionText(text, 7), "4:1");
  EXPECT_EQ(PositionText("ab\nc", 100), "2:2");  // past the end: the end
}

}  // namespace
}  // namespace vigil
