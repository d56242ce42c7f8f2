#include "rules/lexer.h"

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

std::vector<TokenKind> Kinds(std::string_view source, const IsDeclaredVariable& declared = {}) {
  auto tokens = Tokenize(source, declared);
  EXPECT_TRUE(tokens) << tokens.error().message;
  std::vector<TokenKind> kinds;
  if (tokens) {
    for (const auto& token : *tokens) kinds.push_back(token.kind);
  }
  return kinds;
}

std::string ErrorOf(std::string_view source) {
  auto tokens = Tokenize(source, {});
  return tokens ? "" : tokens.error().message;
}

TEST(RulesLexer, TokensWithSpans) {
  auto tokens = Tokenize("$amount >= 12.5 and @list", {});
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 6u);
  EXPECT_EQ((*tokens)[0].kind, TokenKind::kVariable);
  EXPECT_EQ((*tokens)[0].text, "amount");
  EXPECT_EQ((*tokens)[0].begin, 0u);
  EXPECT_EQ((*tokens)[0].end, 7u);
  EXPECT_EQ((*tokens)[1].kind, TokenKind::kGreaterEqual);
  EXPECT_EQ((*tokens)[2].kind, TokenKind::kDecimal);
  EXPECT_DOUBLE_EQ((*tokens)[2].decimal, 12.5);
  EXPECT_EQ((*tokens)[3].kind, TokenKind::kAnd);
  EXPECT_EQ((*tokens)[4].kind, TokenKind::kList);
  EXPECT_EQ((*tokens)[4].text, "list");
  EXPECT_EQ((*tokens)[5].kind, TokenKind::kEnd);
  EXPECT_EQ((*tokens)[5].begin, 25u);
}

TEST(RulesLexer, EveryOperator) {
  EXPECT_EQ(Kinds("( ) [ ] , + - * / % == != < <= > >= !"),
            (std::vector<TokenKind>{
                TokenKind::kLeftParen, TokenKind::kRightParen, TokenKind::kLeftBracket,
                TokenKind::kRightBracket, TokenKind::kComma, TokenKind::kPlus, TokenKind::kMinus,
                TokenKind::kStar, TokenKind::kSlash, TokenKind::kPercent, TokenKind::kEqual,
                TokenKind::kNotEqual, TokenKind::kLess, TokenKind::kLessEqual, TokenKind::kGreater,
                TokenKind::kGreaterEqual, TokenKind::kBang, TokenKind::kEnd}));
  // No spaces needed.
  EXPECT_EQ(Kinds("!$a!=1"),
            (std::vector<TokenKind>{TokenKind::kBang, TokenKind::kVariable, TokenKind::kNotEqual,
                                    TokenKind::kInteger, TokenKind::kEnd}));
}

TEST(RulesLexer, KeywordsAnyCaseNamesOtherwise) {
  EXPECT_EQ(
      Kinds("AND Or nOt IN True FALSE Null regex_match andx"),
      (std::vector<TokenKind>{TokenKind::kAnd, TokenKind::kOr, TokenKind::kNot, TokenKind::kIn,
                              TokenKind::kTrue, TokenKind::kFalse, TokenKind::kNull,
                              TokenKind::kName, TokenKind::kName, TokenKind::kEnd}));
}

TEST(RulesLexer, StringEscapes) {
  auto tokens = Tokenize(R"("a\"b" 'c\'d' "e\\f" "g\.h" 'i"j')", {});
  ASSERT_TRUE(tokens);
  EXPECT_EQ((*tokens)[0].text, "a\"b");
  EXPECT_EQ((*tokens)[1].text, "c'd");
  EXPECT_EQ((*tokens)[2].text, "e\\f");
  EXPECT_EQ((*tokens)[3].text, "g\\.h");  // other backslashes are kept
  EXPECT_EQ((*tokens)[4].text, "i\"j");
}

TEST(RulesLexer, Numbers) {
  auto tokens = Tokenize("0 42 9223372036854775807 9223372036854775808 0.25", {});
  ASSERT_TRUE(tokens);
  EXPECT_EQ((*tokens)[0].kind, TokenKind::kInteger);
  EXPECT_EQ((*tokens)[2].integer, INT64_MAX);
  EXPECT_EQ((*tokens)[3].kind, TokenKind::kDecimal);  // too large for 64 bits
  EXPECT_DOUBLE_EQ((*tokens)[3].decimal, 9223372036854775808.0);
  EXPECT_DOUBLE_EQ((*tokens)[4].decimal, 0.25);
  EXPECT_EQ(ErrorOf("1.2.3"), "1:1: malformed number '1.2.3'");
  EXPECT_EQ(ErrorOf("1x"), "1:1: malformed number '1x'");
}

TEST(RulesLexer, DashedVariableNamesUseTheDeclaredNames) {
  // Without declarations the whole run is one name.
  auto greedy = Tokenize("$a-b-c", {});
  ASSERT_TRUE(greedy);
  EXPECT_EQ((*greedy)[0].text, "a-b-c");
  // The longest declared prefix wins.
  auto declared = [](std::string_view name) { return name == "a" || name == "a-b"; };
  auto tokens = Tokenize("$a-b-c", declared);
  ASSERT_TRUE(tokens);
  EXPECT_EQ((*tokens)[0].text, "a-b");
  EXPECT_EQ((*tokens)[1].kind, TokenKind::kMinus);
  EXPECT_EQ((*tokens)[2].kind, TokenKind::kName);
  // A dash not followed by a name character is never part of a name.
  auto minus = Tokenize("$a-1 $a- 1 $a-$b", declared);
  ASSERT_TRUE(minus);
  EXPECT_EQ((*minus)[0].text, "a");
  EXPECT_EQ((*minus)[1].kind, TokenKind::kMinus);
}

TEST(RulesLexer, ErrorsSayWhereAndWhy) {
  EXPECT_EQ(ErrorOf("$a == \"x"), "1:7: unterminated string; close it with \"");
  EXPECT_EQ(ErrorOf("$a = 1"), "1:4: use '==' to compare; a single '=' is not an operator");
  EXPECT_EQ(ErrorOf("$a\n  ; 1"), "2:3: unexpected character ';'");
  EXPECT_EQ(ErrorOf(std::string_view("$a \x01", 4)), "1:4: unexpected character '\\x01'");
  EXPECT_EQ(ErrorOf(std::string_view("\0", 1)), "1:1: unexpected character '\\x00'");
  EXPECT_EQ(ErrorOf("@ x"), "1:1: '@' must be followed by a list name");
  // Columns count characters, not bytes.
  EXPECT_EQ(ErrorOf("\"é\" ; 1"), "1:5: unexpected character ';'");
}

TEST(RulesLexer, WhitespaceIncludesLineBreaksAndTabs) {
  EXPECT_EQ(Kinds("\t$a\r\n>\n1 "),
            (std::vector<TokenKind>{TokenKind::kVariable, TokenKind::kGreater, TokenKind::kInteger,
                                    TokenKind::kEnd}));
}

}  // namespace
}  // namespace vigil::rules
