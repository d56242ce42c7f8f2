#include "core/csv.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::vector<std::string> Split(std::string_view line) {
  std::vector<std::string> fields;
  auto status = SplitCsvLine(line, fields);
  EXPECT_TRUE(status) << status.error().message;
  return fields;
}

TEST(Csv, SplitsPlainQuotedAndEmptyFields) {
  EXPECT_EQ(Split("a,b,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,c,"), (std::vector<std::string>{"a", "", "c", ""}));
  EXPECT_EQ(Split(R"("x, y","say ""hi""",z)"),
            (std::vector<std::string>{"x, y", R"(say "hi")", "z"}));
  EXPECT_EQ(Split("a,b\r"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Split(""), (std::vector<std::string>{""}));
}

TEST(Csv, MalformedLinesNameTheColumn) {
  std::vector<std::string> fields;
  auto unclosed = SplitCsvLine(R"(a,"b,c)", fields);
  ASSERT_FALSE(unclosed);
  EXPECT_NE(unclosed.error().message.find("column 2"), std::string::npos);
  EXPECT_NE(unclosed.error().message.find("not closed"), std::string::npos);
  auto after = SplitCsvLine(R"("a"b,c)", fields);
  ASSERT_FALSE(after);
  EXPECT_NE(after.error().message.find("after the closing quote"), std::string::npos);
  auto inside = SplitCsvLine(R"(a,b"c)", fields);
  ASSERT_FALSE(inside);
  EXPECT_NE(inside.error().message.find("column 2"), std::string::npos);
}

}  // namespace
}  // namespace vigil
