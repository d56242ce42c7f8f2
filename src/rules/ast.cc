#include "rules/ast.h"

namespace vigil::rules {

std::string_view OperatorText(AstOperator op) {
  switch (op) {
    case AstOperator::kNone:
      return "";
    case AstOperator::kAdd:
      return "+";
    case AstOperator::kSubtract:
      return "-";
    case AstOperator::kMultiply:
      return "*";
    case AstOperator::kDivide:
      return "/";
    case AstOperator::kModulo:
      return "%";
    case AstOperator::kEqual:
      return "==";
    case AstOperator::kNotEqual:
      return "!=";
    case AstOperator::kLess:
      return "<";
    case AstOperator::kLessEqual:
      return "<=";
    case AstOperator::kGreater:
      return ">";
    case AstOperator::kGreaterEqual:
      return ">=";
    case AstOperator::kIn:
      return "in";
    case AstOperator::kNotIn:
      return "not in";
  }
  return "";
}

}  // namespace vigil::rules
