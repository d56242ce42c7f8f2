#include "rules/program.h"

#include "rules/code.h"
#include "rules/evaluator.h"

namespace vigil::rules {

Program::Program(std::string expression, std::unique_ptr<const Code> code, RuleType result_type,
                 std::vector<VariableReference> references, std::vector<int> variable_slots,
                 std::vector<int> list_slots)
    : expression_(std::move(expression)),
      code_(std::move(code)),
      result_type_(result_type),
      references_(std::move(references)),
      variable_slots_(std::move(variable_slots)),
      list_slots_(std::move(list_slots)) {}

Program::~Program() = default;

bool Program::Evaluate(const EvalContext& context) const {
  return Evaluator(*code_, context).EvalTruth(code_->root) == Truth::kTrue;
}

Value Program::EvaluateValue(const EvalContext& context) const {
  const Evaluator evaluator(*code_, context);
  switch (result_type_) {
    case RuleType::kBoolean: {
      const Truth truth = evaluator.EvalTruth(code_->root);
      return truth == Truth::kUnknown ? Value::Null() : Value::Boolean(truth == Truth::kTrue);
    }
    case RuleType::kInteger:
    case RuleType::kFloat: {
      const Number n = evaluator.EvalNumber(code_->root);
      if (n.is_null()) return Value::Null();
      return n.is_integer() ? Value::Integer(n.integer) : Value::Float(n.floating);
    }
    case RuleType::kString: {
      StringBuffer buffer;
      const auto text = evaluator.EvalString(code_->root, buffer);
      return text ? Value::String(std::string(*text)) : Value::Null();
    }
    case RuleType::kDateTime: {
      const auto micros = evaluator.EvalDateTime(code_->root);
      return micros ? Value::Time(DateTime{*micros}) : Value::Null();
    }
    case RuleType::kNull:
    case RuleType::kList:
      break;  // refused by the binder
  }
  return Value::Null();
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
