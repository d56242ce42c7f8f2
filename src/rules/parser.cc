#include "rules/parser.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "rules/diagnostics.h"
#include "rules/limits.h"

namespace vigil::rules {

namespace {

std::optional<AstOperator> ComparisonOperator(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEqual:
      return AstOperator::kEqual;
    case TokenKind::kNotEqual:
      return AstOperator::kNotEqual;
    case TokenKind::kLess:
      return AstOperator::kLess;
    case TokenKind::kLessEqual:
      return AstOperator::kLessEqual;
    case TokenKind::kGreater:
      return AstOperator::kGreater;
    case TokenKind::kGreaterEqual:
      return AstOperator::kGreaterEqual;
    default:
      return std::nullopt;
  }
}

class Parser {
 public:
  Parser(std::string_view source, const std::vector<Token>& tokens)
      : source_(source), tokens_(tokens) {}

  Result<Ast> Run() {
    if (tokens_.empty() || tokens_.front().kind == TokenKind::kEnd) {
      return Fail(
          CompileError(source_, 0, "the rule is empty; write a condition such as $amount > 100"));
    }
    VIGIL_TRY(root, ParseOr());
    if (Current().kind != TokenKind::kEnd) {
      if (Current().kind == TokenKind::kRightParen) {
        return ErrorAt(Current().begin, "unmatched ')'");
      }
      return ErrorAt(Current().begin, "unexpected " + Describe(Current()) +
                                          "; combine conditions with 'and' or 'or'");
    }
    ast_.root = root;
    return std::move(ast_);
  }

 private:
  const Token& Current() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  const Token& Advance() {
    const Token& token = Current();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  const Token& Next() const { return tokens_[std::min(pos_ + 1, tokens_.size() - 1)]; }
  bool At(TokenKind kind) const { return Current().kind == kind; }

  std::unexpected<Error> ErrorAt(size_t offset, std::string_view message) const {
    return std::unexpected(CompileError(source_, offset, message));
  }

  // How a token reads in a message: 'text' as written, or "the end of the rule".
  std::string Describe(const Token& token) const {
    if (token.kind == TokenKind::kEnd) return "the end of the rule";
    constexpr size_t kMaxQuoted = 24;
    std::string_view text = source_.substr(token.begin, token.end - token.begin);
    if (text.size() > kMaxQuoted) return "'" + std::string(text.substr(0, kMaxQuoted)) + "...'";
    return "'" + std::string(text) + "'";
  }

  // Enters one level of recursion; fails when the nesting bound would be exceeded.
  Status Enter(size_t offset) {
    if (++depth_ > CompileLimits::kMaxNestingDepth) return TooDeep(offset);
    return {};
  }
  void Leave() { --depth_; }
  std::unexpected<Error> TooDeep(size_t offset) const {
    return ErrorAt(offset, "the rule nests deeper than " +
                               std::to_string(CompileLimits::kMaxNestingDepth) +
                               " levels; split it or simplify it");
  }

  Result<int> Add(AstNode node) {
    for (int child : node.children) {
      node.height = std::max(node.height, ast_.nodes[child].height + 1);
    }
    if (node.height > CompileLimits::kMaxNestingDepth) return TooDeep(node.op_begin);
    ast_.nodes.push_back(std::move(node));
    return static_cast<int>(ast_.nodes.size()) - 1;
  }

  AstNode Composite(AstKind kind, AstOperator op, size_t op_begin, std::vector<int> children) {
    AstNode node;
    node.kind = kind;
    node.op = op;
    node.op_begin = op_begin;
    node.begin = ast_.nodes[children.front()].begin;
    node.end = ast_.nodes[children.back()].end;
    node.children = std::move(children);
    return node;
  }

  // or_expr := and_expr ('or' and_expr)*   (likewise and_expr over not_expr)
  Result<int> ParseOr() { return ParseChain(TokenKind::kOr, AstKind::kOr); }
  Result<int> ParseAnd() { return ParseChain(TokenKind::kAnd, AstKind::kAnd); }

  Result<int> ParseChain(TokenKind keyword, AstKind kind) {
    auto operand = [&]() { return keyword == TokenKind::kOr ? ParseAnd() : ParseNot(); };
    VIGIL_TRY(first, operand());
    if (!At(keyword)) return first;
    const size_t op_begin = Current().begin;
    std::vector<int> children = {first};
    while (At(keyword)) {
      Advance();
      VIGIL_TRY(next, operand());
      children.push_back(next);
    }
    return Add(Composite(kind, AstOperator::kNone, op_begin, std::move(children)));
  }

  // not_expr := ('not' | '!') not_expr | comparison
  Result<int> ParseNot() {
    if (!At(TokenKind::kNot) && !At(TokenKind::kBang)) return ParseComparison();
    const Token& op = Advance();
    if (At(TokenKind::kIn)) return ErrorAt(op.begin, "'not in' needs a value on its left");
    VIGIL_CHECK(Enter(op.begin));
    VIGIL_TRY(operand, ParseNot());
    Leave();
    AstNode node = Composite(AstKind::kNot, AstOperator::kNone, op.begin, {operand});
    node.begin = op.begin;
    return Add(std::move(node));
  }

  // comparison := additive [(== | != | < | <= | > | >=) additive | ['not'] 'in' list]
  Result<int> ParseComparison() {
    VIGIL_TRY(left, ParseAdditive());
    const size_t op_begin = Current().begin;
    int node = left;
    if (auto op = ComparisonOperator(Current().kind)) {
      Advance();
      VIGIL_TRY(right, ParseAdditive());
      VIGIL_TRY(compared, Add(Composite(AstKind::kComparison, *op, op_begin, {left, right})));
      node = compared;
    } else if (At(TokenKind::kIn) || At(TokenKind::kNot)) {
      AstOperator op = AstOperator::kIn;
      if (At(TokenKind::kNot)) {
        Advance();
        if (!At(TokenKind::kIn)) {
          return ErrorAt(op_begin,
                         "'not' here must be followed by 'in'; to negate a condition, "
                         "put 'not' before it");
        }
        op = AstOperator::kNotIn;
      }
      Advance();  // 'in'
      VIGIL_TRY(list, ParseInList(op));
      VIGIL_TRY(membership, Add(Composite(AstKind::kIn, op, op_begin, {left, list})));
      node = membership;
    } else {
      return left;
    }
    if (ComparisonOperator(Current().kind) || At(TokenKind::kIn)) {
      return ErrorAt(Current().begin,
                     "comparisons cannot be chained; combine them with 'and', as in "
                     "$x > 1 and $x < 5");
    }
    return node;
  }

  // The right side of `in`: @list or [literal, ...].
  Result<int> ParseInList(AstOperator op) {
    if (At(TokenKind::kList) || At(TokenKind::kLeftBracket)) return ParsePrimary();
    return ErrorAt(Current().begin, "'" + std::string(OperatorText(op)) +
                                        "' needs a list on its right, @list_name or [...]; found " +
                                        Describe(Current()));
  }

  // additive := multiplicative (('+' | '-') multiplicative)*
  Result<int> ParseAdditive() {
    VIGIL_TRY(left, ParseMultiplicative());
    while (At(TokenKind::kPlus) || At(TokenKind::kMinus)) {
      const Token& op = Advance();
      VIGIL_TRY(right, ParseMultiplicative());
      auto kind = op.kind == TokenKind::kPlus ? AstOperator::kAdd : AstOperator::kSubtract;
      VIGIL_TRY(node, Add(Composite(AstKind::kArithmetic, kind, op.begin, {left, right})));
      left = node;
    }
    return left;
  }

  // multiplicative := unary (('*' | '/' | '%') unary)*
  Result<int> ParseMultiplicative() {
    VIGIL_TRY(left, ParseUnary());
    while (At(TokenKind::kStar) || At(TokenKind::kSlash) || At(TokenKind::kPercent)) {
      const Token& op = Advance();
      VIGIL_TRY(right, ParseUnary());
      auto kind = op.kind == TokenKind::kStar    ? AstOperator::kMultiply
                  : op.kind == TokenKind::kSlash ? AstOperator::kDivide
                                                 : AstOperator::kModulo;
      VIGIL_TRY(node, Add(Composite(AstKind::kArithmetic, kind, op.begin, {left, right})));
      left = node;
    }
    return left;
  }

  // unary := '-' unary | primary
  Result<int> ParseUnary() {
    if (!At(TokenKind::kMinus)) return ParsePrimary();
    const Token& op = Advance();
    VIGIL_CHECK(Enter(op.begin));
    VIGIL_TRY(operand, ParseUnary());
    Leave();
    AstNode node = Composite(AstKind::kNegate, AstOperator::kNone, op.begin, {operand});
    node.begin = op.begin;
    return Add(std::move(node));
  }

  Result<int> Leaf(AstKind kind) {
    const Token& token = Advance();
    AstNode node;
    node.kind = kind;
    node.begin = node.op_begin = token.begin;
    node.end = token.end;
    node.text = token.text;
    node.integer = token.integer;
    node.decimal = token.decimal;
    node.boolean = token.kind == TokenKind::kTrue;
    return Add(std::move(node));
  }

  Result<int> ParsePrimary() {
    switch (Current().kind) {
      case TokenKind::kVariable:
        return Leaf(AstKind::kVariable);
      case TokenKind::kList:
        return Leaf(AstKind::kList);
      case TokenKind::kInteger:
        return Leaf(AstKind::kInteger);
      case TokenKind::kDecimal:
        return Leaf(AstKind::kDecimal);
      case TokenKind::kString:
        return Leaf(AstKind::kString);
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        return Leaf(AstKind::kBoolean);
      case TokenKind::kNull:
        return Leaf(AstKind::kNull);
      case TokenKind::kLeftParen:
        return ParseParenthesized();
      case TokenKind::kLeftBracket:
        return ParseSequence(AstKind::kListLiteral);
      case TokenKind::kName:
        if (Next().kind == TokenKind::kLeftParen) return ParseSequence(AstKind::kCall);
        return ErrorAt(Current().begin, "unexpected name " + Describe(Current()) +
                                            "; variables start with '$' and lists with '@'");
      default:
        return ErrorAt(Current().begin,
                       "expected a value or a condition, found " + Describe(Current()));
    }
  }

  Result<int> ParseParenthesized() {
    const Token& open = Advance();
    VIGIL_CHECK(Enter(open.begin));
    VIGIL_TRY(inner, ParseOr());
    Leave();
    if (!At(TokenKind::kRightParen)) {
      return ErrorAt(Current().begin, "expected ')' to close '(' at " +
                                          FormatPosition(Locate(source_, open.begin)) + ", found " +
                                          Describe(Current()));
    }
    Advance();
    return inner;
  }

  // A function call name(a, b) or a list literal [a, b]: comma-separated expressions.
  Result<int> ParseSequence(AstKind kind) {
    AstNode node;
    node.kind = kind;
    node.begin = node.op_begin = Current().begin;
    if (kind == AstKind::kCall) node.text = Advance().text;
    const Token& open = Advance();
    const TokenKind close =
        kind == AstKind::kCall ? TokenKind::kRightParen : TokenKind::kRightBracket;
    const char* close_text = kind == AstKind::kCall ? "')'" : "']'";
    VIGIL_CHECK(Enter(open.begin));
    if (!At(close)) {
      while (true) {
        VIGIL_TRY(element, ParseOr());
        node.children.push_back(element);
        if (!At(TokenKind::kComma)) break;
        Advance();
      }
    }
    Leave();
    if (!At(close)) {
      return ErrorAt(Current().begin, std::string("expected ',' or ") + close_text + " to close '" +
                                          (kind == AstKind::kCall ? "(" : "[") + "' at " +
                                          FormatPosition(Locate(source_, open.begin)) + ", found " +
                                          Describe(Current()));
    }
    node.end = Advance().end;
    return Add(std::move(node));
  }

  std::string_view source_;
  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  Ast ast_;
};

}  // namespace

Result<Ast> Parse(std::string_view source, const std::vector<Token>& tokens) {
  return Parser(source, tokens).Run();
}

}  // namespace vigil::rules
