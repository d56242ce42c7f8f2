#include "catalog/aggregate.h"

#include <gtest/gtest.h>

namespace vigil::catalog {
namespace {

AggregateDefinition Count24h() { return {"transaction", "count", "account", "", "24h"}; }

TEST(Aggregate, AValidDefinitionOfEachShapePasses) {
  EXPECT_TRUE(ValidateAggregate(Count24h(), DataType::kInteger));
  EXPECT_TRUE(ValidateAggregate({"transaction", "mean", "account", "transaction_amount", "30d"},
                                DataType::kFloat));
  EXPECT_TRUE(ValidateAggregate({"transaction", "time_since_last", "account"}, DataType::kFloat));
  EXPECT_TRUE(ValidateAggregate(
      {"transaction", "fraud_rate", "terminal_id", "", "7d", "7d", "", {"fraud"}},
      DataType::kFloat));
  EXPECT_EQ(WindowMicros(Count24h()), 86'400'000'000);
  EXPECT_EQ(DelayMicros(Count24h()), 0);
}

// Each broken definition is refused naming the member at fault.
TEST(Aggregate, EachMistakeIsNamed) {
  struct Case {
    AggregateDefinition definition;
    DataType type;
    std::string field;
    std::string says;
  };
  const Case cases[] = {
      {{"transaction", "median", "account", "", "1d"}, DataType::kFloat, "aggregate.function",
       "count, sum, mean"},
      {{"", "count", "account", "", "1d"}, DataType::kInteger, "aggregate.event_type", "required"},
      {{"transaction", "count", "", "", "1d"}, DataType::kInteger, "aggregate.key", "group by"},
      {{"transaction", "sum", "account", "", "1d"}, DataType::kFloat, "aggregate.of", "sum needs"},
      {{"transaction", "count", "account", "amount", "1d"}, DataType::kInteger, "aggregate.of",
       "reads no variable"},
      {{"transaction", "count", "account", "", ""}, DataType::kInteger, "aggregate.window", "24h"},
      {{"transaction", "count", "account", "", "1w"}, DataType::kInteger, "aggregate.window",
       "such as 90s"},
      {{"transaction", "count", "account", "", "91d"}, DataType::kInteger, "aggregate.window",
       "between 1s and 90d"},
      {{"transaction", "count", "account", "", "0s"}, DataType::kInteger, "aggregate.window",
       "between 1s"},
      {{"transaction", "count", "account", "", "1d", "100d"}, DataType::kInteger,
       "aggregate.delay", "between 0s and 90d"},
      {{"transaction", "time_since_last", "account", "", "1d"}, DataType::kFloat,
       "aggregate.window", "no window"},
      {{"transaction", "count", "account", "", "1d", "", "", {"fraud"}}, DataType::kInteger,
       "aggregate.fraud_labels", "only fraud_count"},
      {Count24h(), DataType::kFloat, "data_type", "is INTEGER, not FLOAT"},
  };
  for (const Case& c : cases) {
    auto status = ValidateAggregate(c.definition, c.type);
    ASSERT_FALSE(status) << c.field;
    EXPECT_EQ(status.error().field, c.field) << status.error().message;
    EXPECT_NE(status.error().message.find(c.says), std::string::npos) << status.error().message;
  }
}

}  // namespace
}  // namespace vigil::catalog
