// The compiled form: folding, fused instructions, and evaluation against raw contexts.
#include "rules/evaluator.h"

#include <gtest/gtest.h>

#include "rules/binder.h"
#include "rules/compiler.h"
#include "rules/lexer.h"
#include "rules/parser.h"

namespace vigil::rules {
namespace {

class RulesEvaluator : public testing::Test {
 protected:
  RulesEvaluator() {
    env_.AddVariable("amount", DataType::kInteger);  // 0
    env_.AddVariable("email", DataType::kString);    // 1
    env_.AddVariable("score", DataType::kFloat);     // 2
    env_.AddList("blocked");                         // 0
  }

  std::unique_ptr<const Code> CodeFor(std::string_view source) {
    auto tokens = Tokenize(source, {});
    EXPECT_TRUE(tokens);
    auto ast = Parse(source, *tokens);
    EXPECT_TRUE(ast) << ast.error().message;
    auto tree = Bind(source, *ast, env_);
    EXPECT_TRUE(tree) << tree.error().message;
    return Lower(*tree);
  }

  Truth Run(std::string_view source, std::span<const Value> values,
            std::span<const ListValues* const> lists = {}) {
    auto code = CodeFor(source);
    const EvalContext context{values, lists, 0};
    return Evaluator(*code, context).EvalTruth(code->root);
  }

  Environment env_;
};

TEST_F(RulesEvaluator, ConstantSubtreesFoldToOneInstruction) {
  auto code = CodeFor("1 + 2 * 3 == 7 and lowercase(\"AB\") == \"ab\"");
  ASSERT_EQ(code->instructions.size(), 1u);
  EXPECT_EQ(code->instructions[0].op, Opcode::kTruthConstant);
  EXPECT_EQ(code->instructions[0].truth, Truth::kTrue);

  auto divided = CodeFor("1 / 0 > 0");
  ASSERT_EQ(divided->instructions.size(), 1u);
  EXPECT_EQ(divided->instructions[0].truth, Truth::kUnknown);

  // A folded constant feeds a fused comparison.
  auto threshold = CodeFor("$amount > 2 * 250");
  ASSERT_EQ(threshold->instructions.size(), 1u);
  EXPECT_EQ(threshold->instructions[0].op, Opcode::kCompareNumberVariable);
  EXPECT_EQ(threshold->instructions[0].number.integer, 500);
}

TEST_F(RulesEvaluator, CommonShapesAreFused) {
  auto code = CodeFor("$amount > 500 and 900 <= $score and $email in @blocked and $email != \"x\"");
  // Four fused leaves and the `and`.
  ASSERT_EQ(code->instructions.size(), 5u);
  EXPECT_EQ(code->instructions[0].op, Opcode::kCompareNumberVariable);
  EXPECT_EQ(code->instructions[1].op, Opcode::kCompareNumberVariable);
  EXPECT_EQ(code->instructions[1].comparison, Comparison::kGreaterEqual);  // mirrored
  EXPECT_EQ(code->instructions[2].op, Opcode::kStringVariableInList);
  EXPECT_EQ(code->instructions[3].op, Opcode::kCompareStringVariable);
  EXPECT_EQ(code->instructions[4].op, Opcode::kAnd);
}

TEST_F(RulesEvaluator, ShortValueSpansAndMismatchedKindsReadAsNull) {
  // No values at all: every variable is null.
  EXPECT_EQ(Run("$amount > 1", {}), Truth::kUnknown);
  EXPECT_EQ(Run("$amount == null", {}), Truth::kTrue);
  // A STRING where an INTEGER is declared reads as null, never crashes.
  const std::vector<Value> wrong = {Value::String("5"), Value::Integer(1), Value::Boolean(true)};
  EXPECT_EQ(Run("$amount > 1", wrong), Truth::kUnknown);
  EXPECT_EQ(Run("$email == \"1\"", wrong), Truth::kUnknown);
  EXPECT_EQ(Run("$score + 1 > 0", wrong), Truth::kUnknown);
  // An INTEGER value where a FLOAT is declared is still a number.
  const std::vector<Value> integer_score = {Value::Null(), Value::Null(), Value::Integer(901)};
  EXPECT_EQ(Run("$score > 900", integer_score), Truth::kTrue);
  EXPECT_EQ(Run("$score > 900.5", integer_score), Truth::kTrue);
}

TEST_F(RulesEvaluator, MissingListsAreEmpty) {
  const std::vector<Value> values = {Value::Null(), Value::String("x")};
  EXPECT_EQ(Run("$email in @blocked", values), Truth::kFalse);
  EXPECT_EQ(Run("$email not in @blocked", values), Truth::kTrue);
  const ListValues* none[] = {nullptr};
  EXPECT_EQ(Run("$email in @blocked", values, none), Truth::kFalse);
  const ListValues list({"x"});
  const ListValues* one[] = {&list};
  EXPECT_EQ(Run("$email in @blocked", values, one), Truth::kTrue);
  EXPECT_EQ(Run("lowercase($email) in @blocked", values, one), Truth::kTrue);
}

TEST(RulesListValues, ExactMembership) {
  const ListValues list({"a", "B", "a", "with space"});
  EXPECT_EQ(list.size(), 3u);
  EXPECT_TRUE(list.Contains("a"));
  EXPECT_TRUE(list.Contains("with space"));
  EXPECT_FALSE(list.Contains("b"));
  EXPECT_FALSE(list.Contains(""));
  EXPECT_FALSE(ListValues().Contains("a"));
}

}  // namespace
}  // namespace vigil::rules
