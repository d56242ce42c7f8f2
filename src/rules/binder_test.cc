#include "rules/binder.h"

#include <gtest/gtest.h>

#include "rules/lexer.h"
#include "rules/parser.h"

namespace vigil::rules {
namespace {

class RulesBinder : public testing::Test {
 protected:
  RulesBinder() {
    env_.AddVariable("amount", DataType::kInteger);  // 0
    env_.AddVariable("score", DataType::kFloat);     // 1
    env_.AddVariable("email", DataType::kString);    // 2
    env_.AddVariable("when", DataType::kDateTime);   // 3
    env_.AddVariable("vip", DataType::kBoolean);     // 4
    env_.AddList("a");                               // 0
    env_.AddList("b");                               // 1
  }

  Result<BoundTree> BindText(std::string_view source) {
    auto tokens = Tokenize(source, {});
    if (!tokens) return std::unexpected(tokens.error());
    auto ast = Parse(source, *tokens);
    if (!ast) return std::unexpected(ast.error());
    return Bind(source, *ast, env_);
  }

  Environment env_;
};

TEST_F(RulesBinder, SlotsAreDistinctAndSortedReferencesInTextOrder) {
  auto tree = BindText("$email in @b and $amount > 1 and $email in @a and $amount < 9");
  ASSERT_TRUE(tree) << tree.error().message;
  EXPECT_EQ(tree->variable_slots, (std::vector<int>{0, 2}));
  EXPECT_EQ(tree->list_slots, (std::vector<int>{0, 1}));
  ASSERT_EQ(tree->references.size(), 4u);
  EXPECT_EQ(tree->references[0].begin, 0u);
  EXPECT_EQ(tree->references[0].end, 6u);
  EXPECT_EQ(tree->references[0].slot, 2);
  EXPECT_EQ(tree->references[1].slot, 0);
}

TEST_F(RulesBinder, ArithmeticTypes) {
  auto type_of = [&](std::string_view expression) {
    auto tree = BindText(std::string(expression) + " == 0");
    EXPECT_TRUE(tree) << tree.error().message;
    return tree ? tree->node(tree->node(tree->root).children[0]).type : RuleType::kNull;
  };
  EXPECT_EQ(type_of("$amount + 1"), RuleType::kInteger);
  EXPECT_EQ(type_of("$amount % 3"), RuleType::kInteger);
  EXPECT_EQ(type_of("$amount / 1"), RuleType::kFloat);
  EXPECT_EQ(type_of("$amount * 1.0"), RuleType::kFloat);
  EXPECT_EQ(type_of("-$score"), RuleType::kFloat);
  EXPECT_EQ(type_of("getepochmilliseconds($when)"), RuleType::kInteger);
}

TEST_F(RulesBinder, NullComparisonsBecomeNullTests) {
  auto tree = BindText("null != $email");
  ASSERT_TRUE(tree);
  const BoundNode& root = tree->node(tree->root);
  EXPECT_EQ(root.kind, BoundKind::kIsNotNull);
  EXPECT_EQ(tree->node(root.children[0]).kind, BoundKind::kVariable);
}

TEST_F(RulesBinder, IsoStringsBecomeDateTimesOnlyWhereADateTimeIsExpected) {
  auto tree = BindText("$when > \"2025-07-15T12:00:00Z\"");
  ASSERT_TRUE(tree);
  const BoundNode& literal = tree->node(tree->node(tree->root).children[1]);
  EXPECT_EQ(literal.type, RuleType::kDateTime);
  EXPECT_EQ(literal.constant, Value::Time(DateTime{1752580800000000}));
  // Between two strings nothing is converted.
  auto strings = BindText("$email > \"2025-07-15T12:00:00Z\"");
  ASSERT_TRUE(strings);
  EXPECT_EQ(strings->node(strings->node(strings->root).children[1]).type, RuleType::kString);
}

TEST_F(RulesBinder, NegatedLiteralsFold) {
  auto tree = BindText("$amount in [-3, 4.5]");
  ASSERT_TRUE(tree);
  const BoundNode& list = tree->node(tree->node(tree->root).children[1]);
  EXPECT_EQ(list.elements, (std::vector<Value>{Value::Integer(-3), Value::Float(4.5)}));
}

TEST_F(RulesBinder, FirstDeclarationOfANameWins) {
  Environment env;
  EXPECT_EQ(env.AddVariable("x", DataType::kInteger), 0);
  EXPECT_EQ(env.AddVariable("x", DataType::kString), 1);
  EXPECT_EQ(env.FindVariable("x")->slot, 0);
  EXPECT_EQ(env.FindVariable("x")->type, DataType::kInteger);
  EXPECT_FALSE(env.FindVariable("X"));
  EXPECT_EQ(env.AddList("l"), 0);
  EXPECT_EQ(env.FindList("l"), 0);
  EXPECT_FALSE(env.FindList("L"));
}

TEST_F(RulesBinder, ErrorsCarryTheExpressionField) {
  auto tree = BindText("$nope > 1");
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tree.error().field, "expression");
  EXPECT_EQ(tree.error().message, "1:1: unknown variable $nope");
}

}  // namespace
}  // namespace vigil::rules
