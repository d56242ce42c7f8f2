// Tokens of DETECTORPL, as the lexer produces them and the parser consumes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace vigil::rules {

enum class TokenKind : uint8_t {
  kEnd,       // end of the rule text
  kVariable,  // $name; text = name without '$'
  kList,      // @name; text = name without '@'
  kName,      // a bare name that is not a keyword: a function name (or a mistake)
  kInteger,   // 123; integer holds the value
  kDecimal,   // 12.5, or an integer too large for 64 bits; decimal holds the value
  kString,    // "text" or 'text'; text holds the decoded bytes
  // Keywords, matched case-insensitively.
  kAnd,
  kOr,
  kNot,
  kIn,
  kTrue,
  kFalse,
  kNull,
  // Punctuation and operators.
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kBang,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t begin = 0;  // byte offset of the first character in the rule text
  size_t end = 0;    // byte offset one past the last character
  std::string text;
  int64_t integer = 0;
  double decimal = 0;
};

}  // namespace vigil::rules
