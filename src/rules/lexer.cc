#include "rules/lexer.h"

#include <charconv>
#include <utility>

#include "rules/diagnostics.h"

namespace vigil::rules {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsLetter(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool KeywordEquals(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != keyword[i]) return false;
  }
  return true;
}

TokenKind KeywordOrName(std::string_view word) {
  static constexpr std::pair<std::string_view, TokenKind> kKeywords[] = {
      {"and", TokenKind::kAnd},   {"or", TokenKind::kOr},     {"not", TokenKind::kNot},
      {"in", TokenKind::kIn},     {"true", TokenKind::kTrue}, {"false", TokenKind::kFalse},
      {"null", TokenKind::kNull},
  };
  for (const auto& [keyword, kind] : kKeywords) {
    if (KeywordEquals(word, keyword)) return kind;
  }
  return TokenKind::kName;
}

class Lexer {
 public:
  Lexer(std::string_view source, const IsDeclaredVariable& is_declared)
      : source_(source), is_declared_(is_declared) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < source_.size() && IsSpace(source_[pos_])) ++pos_;
      Token token;
      token.begin = pos_;
      if (pos_ == source_.size()) {
        token.end = pos_;
        tokens.push_back(std::move(token));
        return tokens;
      }
      if (auto status = Scan(token); !status) return std::unexpected(std::move(status.error()));
      token.end = pos_;
      tokens.push_back(std::move(token));
    }
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0';
  }

  std::unexpected<Error> ErrorAt(size_t offset, std::string_view message) const {
    return std::unexpected(CompileError(source_, offset, message));
  }

  Status Scan(Token& token) {
    const char c = Peek();
    if (c == '$') return ScanVariable(token);
    if (c == '@') return ScanList(token);
    if (c == '"' || c == '\'') return ScanString(token);
    if (IsDigit(c)) return ScanNumber(token);
    if (IsLetter(c)) {
      const size_t start = pos_;
      while (IsNameChar(Peek())) ++pos_;
      token.text = std::string(source_.substr(start, pos_ - start));
      token.kind = KeywordOrName(token.text);
      return {};
    }
    return ScanOperator(token);
  }

  Status ScanVariable(Token& token) {
    ++pos_;  // '$'
    const size_t start = pos_;
    while (IsNameChar(Peek())) ++pos_;
    if (pos_ == start) return ErrorAt(token.begin, "'$' must be followed by a variable name");
    // Extend over "-segment" parts; remember the longest prefix that is declared.
    size_t run_end = pos_;
    size_t declared_end = 0;
    if (is_declared_ && is_declared_(source_.substr(start, pos_ - start))) declared_end = pos_;
    while (Peek() == '-' && IsNameChar(Peek(1))) {
      ++pos_;
      while (IsNameChar(Peek())) ++pos_;
      run_end = pos_;
      if (is_declared_ && is_declared_(source_.substr(start, pos_ - start))) declared_end = pos_;
    }
    pos_ = declared_end != 0 ? declared_end : run_end;
    token.kind = TokenKind::kVariable;
    token.text = std::string(source_.substr(start, pos_ - start));
    return {};
  }

  Status ScanList(Token& token) {
    ++pos_;  // '@'
    const size_t start = pos_;
    while (IsNameChar(Peek())) ++pos_;
    if (pos_ == start) return ErrorAt(token.begin, "'@' must be followed by a list name");
    token.kind = TokenKind::kList;
    token.text = std::string(source_.substr(start, pos_ - start));
    return {};
  }

  // Inside quotes, a backslash before the quote character or another backslash escapes it; any
  // other backslash is kept as written, so regex escapes such as "\." and "\d" read naturally.
  Status ScanString(Token& token) {
    const char quote = Peek();
    ++pos_;
    while (pos_ < source_.size()) {
      const char c = source_[pos_];
      if (c == quote) {
        ++pos_;
        token.kind = TokenKind::kString;
        return {};
      }
      if (c == '\\' && (Peek(1) == '"' || Peek(1) == '\'' || Peek(1) == '\\')) {
        token.text += Peek(1);
        pos_ += 2;
        continue;
      }
      token.text += c;
      ++pos_;
    }
    return ErrorAt(token.begin, std::string("unterminated string; close it with ") + quote);
  }

  Status ScanNumber(Token& token) {
    const size_t start = pos_;
    while (IsDigit(Peek())) ++pos_;
    bool decimal = false;
    if (Peek() == '.') {
      if (!IsDigit(Peek(1))) return ErrorAt(pos_, "a decimal number needs digits after '.'");
      decimal = true;
      ++pos_;
      while (IsDigit(Peek())) ++pos_;
    }
    if (IsNameChar(Peek()) || Peek() == '.') {
      size_t bad_end = pos_;
      while (bad_end < source_.size() &&
             (IsNameChar(source_[bad_end]) || source_[bad_end] == '.')) {
        ++bad_end;
      }
      return ErrorAt(
          start, "malformed number '" + std::string(source_.substr(start, bad_end - start)) + "'");
    }
    const char* first = source_.data() + start;
    const char* last = source_.data() + pos_;
    if (!decimal) {
      auto [end, error] = std::from_chars(first, last, token.integer);
      if (error == std::errc() && end == last) {
        token.kind = TokenKind::kInteger;
        return {};
      }
      // Too large for 64 bits: it becomes a FLOAT, like an integer overflow in arithmetic.
    }
    auto [end, error] = std::from_chars(first, last, token.decimal);
    if (error != std::errc() || end != last) {
      return ErrorAt(start, "number '" + std::string(source_.substr(start, pos_ - start)) +
                                "' is out of range");
    }
    token.kind = TokenKind::kDecimal;
    return {};
  }

  Status ScanOperator(Token& token) {
    const char c = Peek();
    const char next = Peek(1);
    auto take = [&](TokenKind kind, size_t length) -> Status {
      token.kind = kind;
      pos_ += length;
      return {};
    };
    switch (c) {
      case '(':
        return take(TokenKind::kLeftParen, 1);
      case ')':
        return take(TokenKind::kRightParen, 1);
      case '[':
        return take(TokenKind::kLeftBracket, 1);
      case ']':
        return take(TokenKind::kRightBracket, 1);
      case ',':
        return take(TokenKind::kComma, 1);
      case '+':
        return take(TokenKind::kPlus, 1);
      case '-':
        return take(TokenKind::kMinus, 1);
      case '*':
        return take(TokenKind::kStar, 1);
      case '/':
        return take(TokenKind::kSlash, 1);
      case '%':
        return take(TokenKind::kPercent, 1);
      case '.':
        if (IsDigit(next)) return ErrorAt(pos_, "write decimals with a leading digit, like 0.5");
        break;
      case '=':
        if (next == '=') return take(TokenKind::kEqual, 2);
        return ErrorAt(pos_, "use '==' to compare; a single '=' is not an operator");
      case '!':
        if (next == '=') return take(TokenKind::kNotEqual, 2);
        return take(TokenKind::kBang, 1);
      case '<':
        if (next == '=') return take(TokenKind::kLessEqual, 2);
        if (next == '>') return ErrorAt(pos_, "use '!=' for 'not equal'");
        return take(TokenKind::kLess, 1);
      case '>':
        if (next == '=') return take(TokenKind::kGreaterEqual, 2);
        return take(TokenKind::kGreater, 1);
      case '&':
        if (next == '&') return ErrorAt(pos_, "use 'and' instead of '&&'");
        break;
      case '|':
        if (next == '|') return ErrorAt(pos_, "use 'or' instead of '||'");
        break;
      default:
        break;
    }
    return ErrorAt(pos_, "unexpected character '" + CharacterAt(pos_) + "'");
  }

  // The whole UTF-8 character at `offset`, for messages.
  std::string CharacterAt(size_t offset) const {
    const unsigned char byte = static_cast<unsigned char>(source_[offset]);
    if (byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      return std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
    }
    size_t end = offset + 1;
    while (end < source_.size() && (static_cast<unsigned char>(source_[end]) & 0xC0) == 0x80 &&
           end - offset < 4) {
      ++end;
    }
    return std::string(source_.substr(offset, end - offset));
  }

  std::string_view source_;
  const IsDeclaredVariable& is_declared_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view source,
                                    const IsDeclaredVariable& is_declared) {
  return Lexer(source, is_declared).Run();
}

}  // namespace vigil::rules
