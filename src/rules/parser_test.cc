#include "rules/parser.h"

#include <gtest/gtest.h>

#include "rules/lexer.h"
#include "rules/limits.h"

namespace vigil::rules {
namespace {

// The tree as an S-expression, for readable expectations.
std::string Show(const Ast& ast, int index) {
  const AstNode& n = ast.node(index);
  auto children = [&](std::string head) {
    for (int child : n.children) head += " " + Show(ast, child);
    return "(" + head + ")";
  };
  switch (n.kind) {
    case AstKind::kVariable:
      return "$" + n.text;
    case AstKind::kList:
      return "@" + n.text;
    case AstKind::kInteger:
      return std::to_string(n.integer);
    case AstKind::kDecimal:
      return std::to_string(n.decimal);
    case AstKind::kString:
      return "\"" + n.text + "\"";
    case AstKind::kBoolean:
      return n.boolean ? "true" : "false";
    case AstKind::kNull:
      return "null";
    case AstKind::kListLiteral:
      return children("list");
    case AstKind::kCall:
      return children(n.text);
    case AstKind::kNot:
      return children("not");
    case AstKind::kNegate:
      return children("neg");
    case AstKind::kAnd:
      return children("and");
    case AstKind::kOr:
      return children("or");
    case AstKind::kArithmetic:
    case AstKind::kComparison:
    case AstKind::kIn:
      return children(std::string(OperatorText(n.op)));
  }
  return "?";
}

Result<Ast> ParseText(std::string_view source) {
  auto tokens = Tokenize(source, {});
  if (!tokens) return std::unexpected(tokens.error());
  return Parse(source, *tokens);
}

std::string Tree(std::string_view source) {
  auto ast = ParseText(source);
  return ast ? Show(*ast, ast->root) : "error: " + ast.error().message;
}

TEST(RulesParser, PrecedenceFromLoosestToTightest) {
  EXPECT_EQ(Tree("$a or $b and $c"), "(or $a (and $b $c))");
  EXPECT_EQ(Tree("not $a and $b"), "(and (not $a) $b)");
  EXPECT_EQ(Tree("not $a > 1"), "(not (> $a 1))");
  EXPECT_EQ(Tree("!$a == $b"), "(not (== $a $b))");
  EXPECT_EQ(Tree("$a + 1 > $b * 2"), "(> (+ $a 1) (* $b 2))");
  EXPECT_EQ(Tree("1 + 2 * 3 - 4 % 5"), "(- (+ 1 (* 2 3)) (% 4 5))");
  EXPECT_EQ(Tree("-$a * 2"), "(* (neg $a) 2)");
  EXPECT_EQ(Tree("$a + 1 not in @l"), "(not in (+ $a 1) @l)");
  EXPECT_EQ(Tree("$a in [1, -2]"), "(in $a (list 1 (neg 2)))");
  EXPECT_EQ(Tree("f(g($a), \"x\")"), "(f (g $a) \"x\")");
}

TEST(RulesParser, LeftAssociativeArithmeticAndFlatChains) {
  EXPECT_EQ(Tree("10 - 4 - 3"), "(- (- 10 4) 3)");
  EXPECT_EQ(Tree("8 / 4 / 2"), "(/ (/ 8 4) 2)");
  EXPECT_EQ(Tree("$a and $b and $c or $d or $e"), "(or (and $a $b $c) $d $e)");
  EXPECT_EQ(Tree("($a or $b) or $c"), "(or (or $a $b) $c)");
}

TEST(RulesParser, SpansPointAtOperatorsAndOperands) {
  auto ast = ParseText("$a >= (1 + 2)");
  ASSERT_TRUE(ast);
  const AstNode& root = ast->node(ast->root);
  EXPECT_EQ(root.begin, 0u);
  EXPECT_EQ(root.op_begin, 3u);
  const AstNode& sum = ast->node(root.children[1]);
  EXPECT_EQ(sum.begin, 7u);
  EXPECT_EQ(sum.op_begin, 9u);
  EXPECT_EQ(sum.end, 12u);
  EXPECT_EQ(ast->node(root.children[0]).end, 2u);
}

TEST(RulesParser, Errors) {
  EXPECT_EQ(Tree(""), "error: 1:1: the rule is empty; write a condition such as $amount > 100");
  EXPECT_EQ(Tree("   "), "error: 1:1: the rule is empty; write a condition such as $amount > 100");
  EXPECT_EQ(Tree("(1"), "error: 1:3: expected ')' to close '(' at 1:1, found the end of the rule");
  EXPECT_EQ(Tree("$a == 1 == 2"),
            "error: 1:9: comparisons cannot be chained; combine them with 'and', as in $x > 1 "
            "and $x < 5");
  EXPECT_EQ(Tree("$a in @l in @m"),
            "error: 1:10: comparisons cannot be chained; combine them with 'and', as in $x > 1 "
            "and $x < 5");
  EXPECT_EQ(Tree("not in @l"), "error: 1:1: 'not in' needs a value on its left");
  EXPECT_EQ(Tree("f(1,)"), "error: 1:5: expected a value or a condition, found ')'");
  EXPECT_EQ(Tree("$a \"a very long string literal that goes on\""),
            "error: 1:4: unexpected '\"a very long string lite...'; combine conditions with "
            "'and' or 'or'");
}

TEST(RulesParser, NestingIsBounded) {
  const int limit = CompileLimits::kMaxNestingDepth;
  auto nested = [](int depth, std::string open, std::string close) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += open;
    s += "$a";
    for (int i = 0; i < depth; ++i) s += close;
    return s;
  };
  EXPECT_TRUE(ParseText(nested(limit, "(", ")")));
  EXPECT_FALSE(ParseText(nested(limit + 1, "(", ")")));
  EXPECT_FALSE(ParseText(nested(limit, "f(", ")")));  // f( and the $a leaf's call level
  EXPECT_TRUE(ParseText(nested(limit - 1, "f(", ")")));
  EXPECT_FALSE(ParseText(nested(limit + 1, "[", "]")));
  // Far beyond the limit: an error, not a stack overflow.
  auto deep = ParseText(nested(100000, "(", ")"));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message.substr(0, 5), "1:65:");
  EXPECT_FALSE(ParseText(nested(100000, "not ", "")));
  EXPECT_FALSE(ParseText(nested(100000, "-", "")));
}

TEST(RulesParser, HeightOfLeftDeepChainsIsBounded) {
  std::string chain = "$a";
  for (int i = 0; i < 200; ++i) chain += " + 1";
  auto ast = ParseText(chain);
  ASSERT_FALSE(ast);
  EXPECT_NE(ast.error().message.find("nests deeper than 64 levels"), std::string::npos);
  // A long `or` chain is one level, whatever its length.
  std::string ors = "$a";
  for (int i = 0; i < 500; ++i) ors += " or $a";
  EXPECT_TRUE(ParseText(ors));
}

}  // namespace
}  // namespace vigil::rules
