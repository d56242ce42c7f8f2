// Value expressions (CompileExpression, Program::EvaluateValue) and the event-time functions
// geteventdatetime(), gethour() and getdayofweek().
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "rules/rules.h"

namespace vigil::rules {
namespace {

Environment PaymentEnvironment() {
  Environment env;
  env.AddVariable("amount", DataType::kFloat);     // 0
  env.AddVariable("email", DataType::kString);     // 1
  env.AddVariable("signup", DataType::kDateTime);  // 2
  env.AddVariable("count", DataType::kInteger);    // 3
  return env;
}

int64_t At(const char* iso) { return *ParseIso8601(iso); }

Value ValueOf(const char* expression, std::span<const Value> values, int64_t event_micros = 0) {
  auto program = CompileExpression(expression, PaymentEnvironment());
  EXPECT_TRUE(program) << expression << ": " << program.error().message;
  if (!program) return Value::Null();
  return (*program)->EvaluateValue(EvalContext{values, {}, 0, event_micros});
}

TEST(RulesExpression, EachTypeEvaluatesToItsValue) {
  const std::vector<Value> values = {Value::Float(12.5), Value::String("Ann@X.com"),
                                     Value::Time(DateTime{At("2024-03-01T10:00:00Z")}),
                                     Value::Integer(7)};
  EXPECT_EQ(ValueOf("$amount * 2", values), Value::Float(25.0));
  EXPECT_EQ(ValueOf("$count % 4", values), Value::Integer(3));
  EXPECT_EQ(ValueOf("lowercase($email)", values), Value::String("ann@x.com"));
  EXPECT_EQ(ValueOf("$signup", values), Value::Time(DateTime{At("2024-03-01T10:00:00Z")}));
  EXPECT_EQ(ValueOf("$amount > 10", values), Value::Boolean(true));
  EXPECT_EQ(ValueOf("$count < 3", values), Value::Boolean(false));
}

TEST(RulesExpression, ResultTypeIsTheExpressionsStaticType) {
  const Environment env = PaymentEnvironment();
  EXPECT_EQ((*CompileExpression("$count + 1", env))->result_type(), RuleType::kInteger);
  EXPECT_EQ((*CompileExpression("$count + 0.5", env))->result_type(), RuleType::kFloat);
  EXPECT_EQ((*CompileExpression("$count > 1", env))->result_type(), RuleType::kBoolean);
  EXPECT_EQ((*CompileExpression("uppercase($email)", env))->result_type(), RuleType::kString);
  EXPECT_EQ((*CompileExpression("geteventdatetime()", env))->result_type(), RuleType::kDateTime);
}

TEST(RulesExpression, NullOperandsAndUnknownTruthGiveNull) {
  const std::vector<Value> values(4);  // all null
  EXPECT_TRUE(ValueOf("$amount * 2", values).is_null());
  EXPECT_TRUE(ValueOf("$amount > 10", values).is_null());
  EXPECT_TRUE(ValueOf("lowercase($email)", values).is_null());
  EXPECT_TRUE(ValueOf("gethour($signup)", values).is_null());
  const std::vector<Value> zero = {Value::Float(1), Value::Null(), Value::Null(),
                                   Value::Integer(0)};
  EXPECT_TRUE(ValueOf("10 / $count", zero).is_null());
}

TEST(RulesExpression, NullAndListsAreNotValues) {
  const Environment env = PaymentEnvironment();
  auto null_literal = CompileExpression("null", env);
  ASSERT_FALSE(null_literal);
  EXPECT_EQ(null_literal.error().message, "1:1: the expression must have a value, this is null");
  EXPECT_FALSE(CompileExpression("[1, 2]", env));
  EXPECT_FALSE(CompileExpression("$amout * 2", env));
  // A rule stays BOOLEAN-only.
  auto rule = Compile("$amount * 2", env);
  ASSERT_FALSE(rule);
  EXPECT_EQ(rule.error().message, "1:1: a rule must be a boolean expression, this is FLOAT");
}

TEST(RulesExpression, EventDateTimeIsTheEventsTimeNotTheClock) {
  const std::vector<Value> values(4);
  const int64_t event = At("2018-04-07T05:30:00Z");
  EXPECT_EQ(ValueOf("geteventdatetime()", values, event), Value::Time(DateTime{event}));
  auto program =
      Compile("isbefore(geteventdatetime(), getcurrentdatetime())", PaymentEnvironment());
  ASSERT_TRUE(program);
  EXPECT_TRUE((*program)->Evaluate(EvalContext{values, {}, event + 1, event}));
  EXPECT_FALSE((*program)->Evaluate(EvalContext{values, {}, event, event}));
}

TEST(RulesExpression, HourAndDayOfWeekAreUtc) {
  const std::vector<Value> values(4);
  struct Case {
    const char* time;
    int64_t hour;
    int64_t weekday;  // ISO: Monday 1 .. Sunday 7
  };
  for (const Case& c :
       {Case{"1970-01-01T00:00:00Z", 0, 4}, Case{"2018-04-01T06:59:59Z", 6, 7},
        Case{"2018-04-02T07:00:00Z", 7, 1}, Case{"2018-04-07T23:59:59.999999Z", 23, 6},
        Case{"2024-02-29T12:00:00+02:00", 10, 4}, Case{"1969-12-31T23:00:00Z", 23, 3},
        Case{"1900-01-01T01:00:00Z", 1, 1}}) {
    const int64_t t = At(c.time);
    EXPECT_EQ(ValueOf("gethour(geteventdatetime())", values, t), Value::Integer(c.hour)) << c.time;
    EXPECT_EQ(ValueOf("getdayofweek(geteventdatetime())", values, t), Value::Integer(c.weekday))
        << c.time;
  }
  EXPECT_EQ(ValueOf("gethour(\"2018-04-01T13:00:00Z\")", values), Value::Integer(13));
}

TEST(RulesExpression, HandbookTimeFeatures) {
  const std::vector<Value> values(4);
  const char* night = "gethour(geteventdatetime()) <= 6";
  const char* weekend = "getdayofweek(geteventdatetime()) >= 6";
  EXPECT_EQ(ValueOf(night, values, At("2018-04-02T06:59:59Z")), Value::Boolean(true));
  EXPECT_EQ(ValueOf(night, values, At("2018-04-02T07:00:00Z")), Value::Boolean(false));
  EXPECT_EQ(ValueOf(weekend, values, At("2018-04-06T23:59:59Z")), Value::Boolean(false));  // Fri
  EXPECT_EQ(ValueOf(weekend, values, At("2018-04-07T00:00:00Z")), Value::Boolean(true));   // Sat
  EXPECT_EQ(ValueOf(weekend, values, At("2018-04-08T23:59:59Z")), Value::Boolean(true));   // Sun
  EXPECT_EQ(ValueOf(weekend, values, At("2018-04-09T00:00:00Z")), Value::Boolean(false));  // Mon
}

}  // namespace
}  // namespace vigil::rules
