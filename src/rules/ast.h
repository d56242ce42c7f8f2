// The syntax tree of one rule, as the parser builds it: untyped, names unresolved, every node
// carrying its source span for diagnostics. Nodes live in one vector and refer to their
// children by index, so the tree is freed at once and never needs recursive destruction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::rules {

enum class AstKind : uint8_t {
  kVariable,     // $name; text = name
  kList,         // @name; text = name
  kInteger,      // integer literal
  kDecimal,      // decimal literal (FLOAT)
  kString,       // string literal; text = decoded bytes
  kBoolean,      // true / false
  kNull,         // null
  kListLiteral,  // [e1, e2, ...]; children = elements
  kCall,         // name(args...); text = name as written; children = arguments
  kNot,          // not x, !x; children = {x}
  kNegate,       // -x; children = {x}
  kArithmetic,   // x op y with op one of + - * / %; children = {x, y}
  kComparison,   // x op y with op one of == != < <= > >=; children = {x, y}
  kIn,           // x in y, x not in y; children = {x, y}
  kAnd,          // children = the operands of a chain a and b and c
  kOr,           // children = the operands of a chain a or b or c
};

enum class AstOperator : uint8_t {
  kNone,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,
  kNotIn,
};

// The operator as written in rules: "+", ">=", "not in", ...
std::string_view OperatorText(AstOperator op);

struct AstNode {
  AstKind kind = AstKind::kNull;
  AstOperator op = AstOperator::kNone;
  size_t begin = 0;      // byte offset of the node's first character
  size_t end = 0;        // byte offset one past its last character
  size_t op_begin = 0;   // byte offset of the operator, keyword or function name
  std::string text;      // see AstKind
  int64_t integer = 0;   // kInteger
  double decimal = 0;    // kDecimal
  bool boolean = false;  // kBoolean
  std::vector<int> children;
  int height = 1;  // levels of nesting of this subtree (a leaf is 1)
};

struct Ast {
  std::vector<AstNode> nodes;
  int root = -1;
  const AstNode& node(int index) const { return nodes[index]; }
};

}  // namespace vigil::rules
