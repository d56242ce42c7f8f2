// The public API as the engine uses it: Compile, Evaluate, ExpressionWithValues, slots, threads.
#include <gtest/gtest.h>

#include <thread>

#include "rules/rules.h"

namespace vigil::rules {
namespace {

Environment TransactionEnvironment() {
  Environment env;
  env.AddVariable("transaction_amount", DataType::kInteger);      // 0
  env.AddVariable("ip_address", DataType::kString);               // 1
  env.AddVariable("fraud_model_insightscore", DataType::kFloat);  // 2
  env.AddVariable("unused", DataType::kBoolean);                  // 3
  env.AddList("allowed_ips");                                     // 0
  env.AddList("blocked_ips");                                     // 1
  return env;
}

TEST(RulesProgram, CompileEvaluateRender) {
  const Environment env = TransactionEnvironment();
  auto program = Compile("$transaction_amount > 500 and $ip_address in @blocked_ips", env);
  ASSERT_TRUE(program) << program.error().message;
  const std::vector<Value> values = {Value::Integer(1000), Value::String("123.45.67.89"),
                                     Value::Null(), Value::Null()};
  const ListValues blocked({"123.45.67.89"});
  const std::vector<const ListValues*> lists = {nullptr, &blocked};
  const EvalContext context{values, lists, 0};
  EXPECT_TRUE((*program)->Evaluate(context));
  EXPECT_EQ((*program)->ExpressionWithValues(context),
            "1000 > 500 and \"123.45.67.89\" in @blocked_ips");
  EXPECT_EQ((*program)->variable_slots(), (std::vector<int>{0, 1}));
  EXPECT_EQ((*program)->list_slots(), (std::vector<int>{1}));
  EXPECT_EQ((*program)->expression(), "$transaction_amount > 500 and $ip_address in @blocked_ips");
}

TEST(RulesProgram, RenderingWithTooFewValuesShowsNull) {
  const Environment env = TransactionEnvironment();
  auto program = Compile("$fraud_model_insightscore > 900", env);
  ASSERT_TRUE(program);
  EXPECT_EQ((*program)->ExpressionWithValues(EvalContext{}), "null > 900");
  EXPECT_FALSE((*program)->Evaluate(EvalContext{}));
}

TEST(RulesProgram, CompileErrorsAreInvalidArgumentOnExpression) {
  const Environment env = TransactionEnvironment();
  auto program = Compile("$transaction_amout > 1", env);
  ASSERT_FALSE(program);
  EXPECT_EQ(program.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(program.error().field, "expression");
  EXPECT_EQ(program.error().message,
            "1:1: unknown variable $transaction_amout (did you mean $transaction_amount?)");
  auto empty = Compile("", env);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message,
            "1:1: the rule is empty; write a condition such as $amount > 100");
}

TEST(RulesProgram, ProgramOutlivesItsEnvironment) {
  std::shared_ptr<const Program> program;
  {
    const Environment env = TransactionEnvironment();
    program = *Compile("$ip_address == \"a\" or regex_match(\"a.*\", $ip_address)", env);
  }
  const std::vector<Value> values = {Value::Null(), Value::String("abc")};
  EXPECT_TRUE(program->Evaluate(EvalContext{values, {}, 0}));
}

TEST(RulesProgram, ConcurrentEvaluationOfOneProgram) {
  const Environment env = TransactionEnvironment();
  auto program = *Compile(
      "$transaction_amount % 7 == 0 and lowercase($ip_address) in @blocked_ips "
      "and regex_match(\"[a-z]+[0-9]+\", lowercase($ip_address))",
      env);
  const ListValues blocked({"abc0", "abc7", "abc14"});
  const std::vector<const ListValues*> lists = {nullptr, &blocked};
  std::vector<std::thread> threads;
  std::atomic<int> wrong = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        const int n = (i + t) % 21;
        const std::vector<Value> values = {Value::Integer(n),
                                           Value::String("ABC" + std::to_string(n)), Value::Null(),
                                           Value::Null()};
        const bool expected = n % 7 == 0;
        if (program->Evaluate(EvalContext{values, lists, 0}) != expected) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace vigil::rules
