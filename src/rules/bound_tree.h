// The bound tree: a rule after name resolution and type checking. Every node has a static type;
// variables and lists are slots; literals are Values (ISO-8601 strings compared with DATETIMEs are
// already DATETIMEs); `x == null` is an explicit null test; regexes are compiled. The compiler
// (compiler.h) lowers it to a Program; nothing in it can fail type checks any more.
#pragma once

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/value.h"
#include "rules/ast.h"
#include "rules/functions.h"
#include "rules/types.h"
#include "rules/variable_reference.h"

namespace vigil::rules {

enum class BoundKind : uint8_t {
  kConstant,     // constant; type is its type
  kVariable,     // slot
  kListRef,      // slot of an @list (only as children[1] of kIn)
  kListLiteral,  // elements (constants of one type; only as children[1] of kIn)
  kNegate,       // -children[0]
  kArithmetic,   // children[0] op children[1], op in + - * / %
  kComparison,   // children[0] op children[1], op in == != < <= > >=, both sides of one kind
  kIsNull,       // children[0] is null (for BOOLEAN operands: is unknown)
  kIsNotNull,
  kIn,  // children[0] in children[1]; op kIn or kNotIn
  kNot,
  kAnd,   // n-ary
  kOr,    // n-ary
  kCall,  // function(children...)
};

struct BoundNode {
  BoundKind kind = BoundKind::kConstant;
  RuleType type = RuleType::kNull;
  AstOperator op = AstOperator::kNone;
  Function function = Function::kLowercase;
  int slot = -1;
  Value constant;
  RuleType element_type = RuleType::kNull;  // kListLiteral: type of the elements
  std::vector<Value> elements;              // kListLiteral
  std::shared_ptr<const re2::RE2> regex;    // kCall of regex_match
  std::vector<int> children;
};

struct BoundTree {
  std::vector<BoundNode> nodes;
  int root = -1;
  std::vector<VariableReference> references;  // in text order
  std::vector<int> variable_slots;            // distinct, ascending
  std::vector<int> list_slots;                // distinct, ascending
  const BoundNode& node(int index) const { return nodes[index]; }
};

}  // namespace vigil::rules
