#include "rules/program.h"

#include "rules/code.h"
#include "rules/evaluator.h"

namespace vigil::rules {

Program::Program(std::string expression, std::unique_ptr<const Code> code,
                 std::vector<VariableReference> references, std::vector<int> variable_slots,
                 std::vector<int> list_slots)
    : expression_(std::move(expression)),
      code_(std::move(code)),
      references_(std::move(references)),
      variable_slots_(std::move(variable_slots)),
      list_slots_(std::move(list_slots)) {}

Program::~Program() = default;

bool Program::Evaluate(const EvalContext& context) const {
  return Evaluator(*code_, context).EvalTruth(code_->root) == Truth::kTrue;
}

std::string Program::ExpressionWithValues(const EvalContext& context) const {
  std::string out;
  out.reserve(expression_.size() + 16 * references_.size());
  size_t copied = 0;
  for (const VariableReference& reference : references_) {
    out.append(expression_, copied, reference.begin - copied);
    const size_t slot = static_cast<size_t>(reference.slot);
    out += slot < context.variables.size() ? context.variables[slot].ToLiteral() : "null";
    copied = reference.end;
  }
  out.append(expression_, copied, std::string::npos);
  return out;
}

}  // namespace vigil::rules
