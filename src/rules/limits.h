// The bounds a rule must stay within. They keep compile time, evaluation time and stack depth
// bounded on hostile input, and they match Amazon Fraud Detector's where AFD has one.
#pragma once

#include <cstddef>

namespace vigil::rules {

struct CompileLimits {
  // AFD's API limit on ruleExpression, in characters (Unicode code points).
  static constexpr size_t kMaxExpressionChars = 4096;
  // Levels of nesting: each parenthesis, operator, `not`, unary minus and function call adds a
  // level; a chain of the same `and` / `or` counts as one.
  static constexpr int kMaxNestingDepth = 64;
  // AFD's limit of distinct @lists named by one rule.
  static constexpr int kMaxListsPerRule = 3;
  // Elements of one list literal such as [1, 2, 3].
  static constexpr size_t kMaxListLiteralElements = 1000;
  // Length of a regex_match pattern, in bytes, and RE2's memory budget for compiling it.
  static constexpr size_t kMaxRegexPatternBytes = 1000;
  static constexpr long kMaxRegexMemoryBytes = 1 << 20;
};

}  // namespace vigil::rules
