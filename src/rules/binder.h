// Binder: syntax tree -> bound tree. Resolves $variables and @lists against an Environment,
// assigns every expression its static type, and rejects what cannot be evaluated sensibly:
// unknown names (with a "did you mean"), mistyped operands, a non-BOOLEAN rule (or a value
// expression that is null or a list), a misused null
// or list, more than CompileLimits::kMaxListsPerRule distinct lists, invalid regexes and
// DATETIME literals. Every error carries "line:col: " of the offending operator or operand.
// Recursion follows the tree, whose height the parser has bounded.
#pragma once

#include <string_view>

#include "core/result.h"
#include "rules/ast.h"
#include "rules/bound_tree.h"
#include "rules/environment.h"

namespace vigil::rules {

// What the expression as a whole may be: a rule is BOOLEAN; a value expression is any type a
// variable can have (not null, not a list).
enum class Root : uint8_t { kRule, kValue };

Result<BoundTree> Bind(std::string_view source, const Ast& ast, const Environment& env,
                       Root root = Root::kRule);

}  // namespace vigil::rules
