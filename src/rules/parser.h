// Parser: tokens -> syntax tree. Recursive descent, one function per precedence level, from
// loosest to tightest:
//
//   or  <  and  <  not / !  <  comparison, in, not in  <  + -  <  * / %  <  unary -  <  primary
//
// `and` and `or` chains become one n-ary node; + - * / % associate to the left; comparisons do not
// chain (`1 < $x < 5` is an error that says to use `and`). Recursion and tree height are both
// bounded by CompileLimits::kMaxNestingDepth, so hostile input cannot exhaust the stack.
// Names are not resolved here and nothing is type-checked; see binder.h.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "rules/ast.h"
#include "rules/token.h"

namespace vigil::rules {

// Parses `tokens` (from Tokenize(source), ending with kEnd). `source` is only used to locate and
// quote errors, which carry "line:col: ".
Result<Ast> Parse(std::string_view source, const std::vector<Token>& tokens);

}  // namespace vigil::rules
