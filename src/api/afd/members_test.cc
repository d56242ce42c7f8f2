#include "api/afd/members.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::api::afd {
namespace {

namespace bj = boost::json;

bj::object In(const char* text) { return json::Parse(text)->get_object(); }

std::vector<std::string> Names(const bj::object& page, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : page.at(key).get_array()) out.emplace_back(v.as_string());
  return out;
}

TEST(MembersTest, NamePagesFollowTheirTokens) {
  const std::map<std::string, int> map{{"a", 1}, {"b", 2}, {"c", 3}};
  auto to_json = [](int v) { return std::optional<bj::value>(std::to_string(v)); };
  auto first = NamePage(map, In(R"({"maxResults": 2})"), "items", 10, to_json);
  ASSERT_TRUE(first);
  EXPECT_EQ(Names(*first, "items"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(first->at("nextToken"), "b");
  auto second = NamePage(map, In(R"({"maxResults": 2, "nextToken": "b"})"), "items", 10, to_json);
  ASSERT_TRUE(second);
  EXPECT_EQ(Names(*second, "items"), (std::vector<std::string>{"3"}));
  EXPECT_FALSE(second->contains("nextToken"));
  auto all = NamePage(map, In("{}"), "items", 10, to_json);
  EXPECT_EQ(Names(*all, "items").size(), 3u);
}

TEST(MembersTest, IndexPagesFollowTheirTokens) {
  auto item = [](size_t i) { return bj::value(std::to_string(i)); };
  auto first = IndexPage(5, In(R"({"maxResults": 3})"), "elements", 100, item);
  ASSERT_TRUE(first);
  EXPECT_EQ(Names(*first, "elements"), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(first->at("nextToken"), "3");
  auto rest = IndexPage(5, In(R"({"maxResults": 3, "nextToken": "3"})"), "elements", 100, item);
  ASSERT_TRUE(rest);
  EXPECT_EQ(Names(*rest, "elements"), (std::vector<std::string>{"3", "4"}));
  EXPECT_FALSE(rest->contains("nextToken"));
  for (const char* bad :
       {R"({"nextToken": "6"})", R"({"nextToken": "x"})", R"({"nextToken": "-1"})"}) {
    auto refused = IndexPage(5, In(bad), "elements", 100, item);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "nextToken");
  }
}

TEST(MembersTest, ArnsHaveAfdsShape) {
  EXPECT_EQ(Arn("detector", "d"), "arn:aws:frauddetector:vigil:000000000000:detector/d");
}

TEST(MembersTest, TimesAreIso8601) {
  auto micros = TimeMember(In(R"({"t": "2026-11-20T10:00:00Z"})"), "t");
  ASSERT_TRUE(micros);
  EXPECT_EQ(TimeText(*micros), "2026-11-20T10:00:00Z");
  auto bad = TimeMember(In(R"({"t": "yesterday"})"), "t");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace vigil::api::afd
