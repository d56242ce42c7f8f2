// DETECTORPL, Amazon Fraud Detector's rule language: compile a rule once against the names it may
// use, then evaluate it against each event's values. The language, its types, precedence,
// null semantics and limits are documented for rule authors in docs/rules.md.
//
//   rules::Environment env;
//   env.AddVariable("transaction_amount", DataType::kInteger);   // slot 0
//   env.AddList("blocked_ips");                                    // list slot 0
//   auto program = rules::Compile("$transaction_amount > 500", env);
//   if (!program) ... program.error().message is "line:col: why" ...
//   bool matched = (*program)->Evaluate({values, lists, now_micros});
//
// Pipeline (one file each): lexer -> parser (AST) -> binder (names, types) -> compiler (typed
// instructions) -> evaluator; program.cc renders expressions with values.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "rules/environment.h"
#include "rules/limits.h"
#include "rules/list_values.h"
#include "rules/program.h"

namespace vigil::rules {

// Compiles `expression` against `env`. Never throws and never crashes on any input; errors are
// InvalidArgument with field "expression" and a message "line:col: what is wrong" (1-based),
// such as "1:1: unknown variable $amout (did you mean $amount?)". The returned Program does not
// refer to `env`.
Result<std::shared_ptr<const Program>> Compile(std::string_view expression, const Environment& env);

// Compiles a value expression: like Compile, but the expression may be of any type a variable
// can have (`$amount * 100`, `gethour(geteventdatetime()) <= 6`, `lowercase($email)`); evaluate
// it with Program::EvaluateValue. Errors as Compile's; a bare `null` or list is refused.
Result<std::shared_ptr<const Program>> CompileExpression(std::string_view expression,
                                                         const Environment& env);

}  // namespace vigil::rules
