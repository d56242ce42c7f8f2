#include "core/names.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Names, IdentifiersFollowAfd) {
  EXPECT_TRUE(ValidateIdentifier("transaction_detector", "detector_id"));
  EXPECT_TRUE(ValidateIdentifier("rule-1", "rule_id"));
  auto upper = ValidateIdentifier("Rule", "rule_id");
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().field, "rule_id");
  EXPECT_NE(upper.error().message.find("^[0-9a-z_-]+$"), std::string::npos);
  EXPECT_FALSE(ValidateIdentifier("", "rule_id"));
  EXPECT_FALSE(ValidateIdentifier(std::string(65, 'a'), "rule_id"));
  EXPECT_TRUE(ValidateIdentifier(std::string(64, 'a'), "rule_id"));
}

TEST(Names, ListsAndModelsHaveNoDash) {
  EXPECT_TRUE(ValidateStrictIdentifier("blocked_ips", "name"));
  EXPECT_FALSE(ValidateStrictIdentifier("blocked-ips", "name"));
}

TEST(Names, EntityAndEventIds) {
  EXPECT_TRUE(ValidateEntityId("user_789", "account_id"));
  EXPECT_TRUE(ValidateEntityId("a.b@c+d-E", "account_id"));
  EXPECT_FALSE(ValidateEntityId("a b", "account_id"));
  EXPECT_TRUE(ValidateEventId("abc123", "event_id"));
  EXPECT_TRUE(ValidateEventId("3F2504E0-4F89-11D3-9A0C-0305E82C3301", "event_id"));
  EXPECT_FALSE(ValidateEventId("abc/123", "event_id"));
  EXPECT_FALSE(ValidateEventId("", "event_id"));
}

}  // namespace
}  // namespace vigil
