// Compile(): the pipeline from rule text to Program, and the checks on the text as a whole.
#include <string>

#include "rules/binder.h"
#include "rules/code.h"
#include "rules/compiler.h"
#include "rules/diagnostics.h"
#include "rules/lexer.h"
#include "rules/parser.h"
#include "rules/rules.h"

namespace vigil::rules {

namespace {

size_t CountCharacters(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

Result<std::shared_ptr<const Program>> CompileAs(std::string_view expression,
                                                 const Environment& env, Root root) {
  const size_t characters = CountCharacters(expression);
  if (characters > CompileLimits::kMaxExpressionChars) {
    return Fail(CompileError(expression, 0,
                             "the rule is " + std::to_string(characters) +
                                 " characters long; the limit is " +
                                 std::to_string(CompileLimits::kMaxExpressionChars)));
  }
  const IsDeclaredVariable is_declared = [&env](std::string_view name) {
    return env.FindVariable(name).has_value();
  };
  VIGIL_TRY(tokens, Tokenize(expression, is_declared));
  VIGIL_TRY(ast, Parse(expression, tokens));
  VIGIL_TRY(tree, Bind(expression, ast, env, root));
  const RuleType type = tree.node(tree.root).type;
  std::unique_ptr<const Code> code = Lower(tree);
  return std::make_shared<const Program>(std::string(expression), std::move(code), type,
                                         std::move(tree.references), std::move(tree.variable_slots),
                                         std::move(tree.list_slots));
}

}  // namespace

Result<std::shared_ptr<const Program>> Compile(std::string_view expression,
                                               const Environment& env) {
  return CompileAs(expression, env, Root::kRule);
}

Result<std::shared_ptr<const Program>> CompileExpression(std::string_view expression,
                                                         const Environment& env) {
  return CompileAs(expression, env, Root::kValue);
}

}  // namespace vigil::rules
