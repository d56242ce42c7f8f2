#include "engine/bind_event.h"

#include <gtest/gtest.h>

#include "engine/test_catalog.h"

namespace vigil::engine {
namespace {

class BindEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Snapshot::Build(std::make_shared<catalog::Catalog>(testing::ExampleCatalog()));
    ASSERT_TRUE(s) << s.error().message;
    snapshot_ = *s;
    transaction_ = snapshot_->FindEventType("transaction");
    ASSERT_NE(transaction_, nullptr);
  }
  SnapshotPtr snapshot_;
  const CompiledEventType* transaction_ = nullptr;
};

TEST_F(BindEventTest, FindsEventTypesByName) {
  EXPECT_EQ(transaction_->event_type->name, "transaction");
  EXPECT_EQ(snapshot_->FindEventType("login"), nullptr);
}

TEST_F(BindEventTest, TypesVariablesAndFillsDefaults) {
  auto bound = BindEvent(
      {{"transaction_amount", Value::String("12.5")}, {"account_id", Value::String("user_789")}},
      *transaction_, 0);
  ASSERT_TRUE(bound) << bound.error().message;
  ASSERT_EQ(bound->entities.size(), 1u);
  EXPECT_EQ(bound->entities[0].entity_type, "account");
  EXPECT_EQ(bound->entities[0].entity_id, "user_789");
  EXPECT_EQ(bound->values[0], Value::Float(12.5));
  EXPECT_EQ(bound->sources[0], ValueSource::kEvent);
  EXPECT_EQ(bound->sources[1], ValueSource::kDefault);
  // Event variables only, in declaration order; the model score is not the event's.
  EXPECT_EQ(EventVariablesJson(*transaction_, bound->values),
            R"({"transaction_amount":12.5,"ip_address":"0.0.0.0"})");
}

TEST_F(BindEventTest, RefusesWhatTheEventTypeDoesNotDeclare) {
  auto unknown = BindEvent({{"amount", Value::Integer(1)}}, *transaction_, 0);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "amount");
  EXPECT_NE(unknown.error().message.find("declares transaction_amount, ip_address, account_id"),
            std::string::npos)
      << unknown.error().message;
  auto score =
      BindEvent({{"transaction_model_insightscore", Value::Integer(5)}}, *transaction_, 0);
  ASSERT_FALSE(score);
  EXPECT_EQ(score.error().field, "transaction_model_insightscore");
  auto lots = BindEvent({{"transaction_amount", Value::String("lots")}}, *transaction_, 0);
  ASSERT_FALSE(lots);
  EXPECT_EQ(lots.error().field, "transaction_amount");
}

}  // namespace
}  // namespace vigil::engine
