// Lexer: rule text -> tokens. Pure and bounded: one pass, no recursion.
//
// Variable names may contain '-' (AFD allows it in names), which makes `$a-b` ambiguous between
// a variable "a-b" and a subtraction. The lexer resolves it with the names actually declared:
// of the prefixes of the name run that end before a '-', the longest declared one wins; when none
// is declared the whole run is the name (and the binder reports it as unknown).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rules/token.h"

namespace vigil::rules {

// True when `name` (without '$') is a declared variable.
using IsDeclaredVariable = std::function<bool(std::string_view name)>;

// The tokens of `source`, ending with one kEnd token. Errors carry "line:col: " (see
// diagnostics.h): unexpected characters, unterminated strings, malformed numbers, '=' for '=='.
// `is_declared` may be empty: then a variable name is always the whole run.
Result<std::vector<Token>> Tokenize(std::string_view source, const IsDeclaredVariable& is_declared);

}  // namespace vigil::rules
