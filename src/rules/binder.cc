#include "rules/binder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/time_format.h"
#include "rules/diagnostics.h"
#include "rules/limits.h"
#include "rules/number.h"
#include "rules/regex.h"

namespace vigil::rules {

namespace {

bool IsOrdering(AstOperator op) {
  return op != AstOperator::kEqual && op != AstOperator::kNotEqual;
}

class Binder {
 public:
  Binder(std::string_view source, const Ast& ast, const Environment& env)
      : source_(source), ast_(ast), env_(env) {}

  Result<BoundTree> Run(Root kind) {
    VIGIL_TRY(root, Bind(ast_.root));
    const RuleType type = tree_.nodes[root].type;
    if (kind == Root::kRule && type != RuleType::kBoolean) {
      return ErrorAt(ast_.node(ast_.root).begin,
                     std::string("a rule must be a boolean expression, this is ") +
                         RuleTypeName(type));
    }
    if (kind == Root::kValue && (type == RuleType::kNull || type == RuleType::kList)) {
      return ErrorAt(ast_.node(ast_.root).begin,
                     std::string("the expression must have a value, this is ") +
                         RuleTypeName(type));
    }
    tree_.root = root;
    for (auto* slots : {&tree_.variable_slots, &tree_.list_slots}) {
      std::sort(slots->begin(), slots->end());
      slots->erase(std::unique(slots->begin(), slots->end()), slots->end());
    }
    std::sort(
        tree_.references.begin(), tree_.references.end(),
        [](const VariableReference& a, const VariableReference& b) { return a.begin < b.begin; });
    return std::move(tree_);
  }

 private:
  std::unexpected<Error> ErrorAt(size_t offset, std::string_view message) const {
    return std::unexpected(CompileError(source_, offset, message));
  }

  int Add(BoundNode node) {
    tree_.nodes.push_back(std::move(node));
    return static_cast<int>(tree_.nodes.size()) - 1;
  }
  BoundNode& At(int index) { return tree_.nodes[index]; }
  RuleType TypeOf(int index) const { return tree_.nodes[index].type; }

  Result<int> Bind(int index) {
    const AstNode& node = ast_.node(index);
    switch (node.kind) {
      case AstKind::kVariable:
        return BindVariable(node);
      case AstKind::kInteger:
        return Constant(Value::Integer(node.integer), RuleType::kInteger);
      case AstKind::kDecimal:
        return Constant(Value::Float(node.decimal), RuleType::kFloat);
      case AstKind::kString:
        return Constant(Value::String(node.text), RuleType::kString);
      case AstKind::kBoolean:
        return Constant(Value::Boolean(node.boolean), RuleType::kBoolean);
      case AstKind::kNull:
        return Constant(Value::Null(), RuleType::kNull);
      case AstKind::kList:
      case AstKind::kListLiteral:
        return ErrorAt(node.begin, "a list can only be used on the right of 'in' or 'not in'");
      case AstKind::kCall:
        return BindCall(node);
      case AstKind::kNot:
        return BindNot(node);
      case AstKind::kNegate:
        return BindNegate(node);
      case AstKind::kArithmetic:
        return BindArithmetic(node);
      case AstKind::kComparison:
        return BindComparison(node);
      case AstKind::kIn:
        return BindIn(node);
      case AstKind::kAnd:
      case AstKind::kOr:
        return BindLogical(node);
    }
    return ErrorAt(node.begin, "unsupported expression");
  }

  int Constant(Value value, RuleType type) {
    BoundNode bound;
    bound.kind = BoundKind::kConstant;
    bound.type = type;
    bound.constant = std::move(value);
    return Add(std::move(bound));
  }

  Result<int> BindVariable(const AstNode& node) {
    auto found = env_.FindVariable(node.text);
    if (!found) return UnknownVariable(node);
    tree_.references.push_back(VariableReference{node.begin, node.end, found->slot});
    tree_.variable_slots.push_back(found->slot);
    BoundNode bound;
    bound.kind = BoundKind::kVariable;
    bound.type = FromDataType(found->type);
    bound.slot = found->slot;
    return Add(std::move(bound));
  }

  std::unexpected<Error> UnknownVariable(const AstNode& node) const {
    std::vector<std::string_view> names;
    for (int slot = 0; slot < env_.variable_count(); ++slot) {
      names.push_back(env_.variable_name(slot));
    }
    std::string_view hint = ClosestName(node.text, names);
    // `$amout-1` may be a misspelt `$amount` followed by a subtraction: try the part before '-'.
    const size_t dash = node.text.find('-');
    if (hint.empty() && dash != std::string::npos) {
      hint = ClosestName(std::string_view(node.text).substr(0, dash), names);
    }
    std::string message = "unknown variable $" + node.text;
    if (!hint.empty()) message += " (did you mean $" + std::string(hint) + "?)";
    if (dash != std::string::npos) message += "; to subtract, put spaces around '-'";
    return ErrorAt(node.begin, message);
  }

  Result<int> BindListRef(const AstNode& node) {
    auto slot = env_.FindList(node.text);
    if (!slot) {
      std::vector<std::string_view> names;
      for (int i = 0; i < env_.list_count(); ++i) names.push_back(env_.list_name(i));
      std::string_view hint = ClosestName(node.text, names);
      std::string message = "unknown list @" + node.text;
      if (!hint.empty()) message += " (did you mean @" + std::string(hint) + "?)";
      return ErrorAt(node.begin, message);
    }
    if (std::find(tree_.list_slots.begin(), tree_.list_slots.end(), *slot) ==
        tree_.list_slots.end()) {
      if (static_cast<int>(tree_.list_slots.size()) == CompileLimits::kMaxListsPerRule) {
        return ErrorAt(node.begin, "a rule may use at most " +
                                       std::to_string(CompileLimits::kMaxListsPerRule) +
                                       " different lists; @" + node.text + " is one more");
      }
      tree_.list_slots.push_back(*slot);
    }
    BoundNode bound;
    bound.kind = BoundKind::kListRef;
    bound.type = RuleType::kList;
    bound.slot = *slot;
    return Add(std::move(bound));
  }

  // [e1, e2, ...]: literal numbers (optionally negated) or literal strings, not mixed.
  Result<int> BindListLiteral(const AstNode& node) {
    if (node.children.size() > CompileLimits::kMaxListLiteralElements) {
      return ErrorAt(node.begin, "a list literal may have at most " +
                                     std::to_string(CompileLimits::kMaxListLiteralElements) +
                                     " elements; use a list (@name) for more");
    }
    BoundNode bound;
    bound.kind = BoundKind::kListLiteral;
    bound.type = RuleType::kList;
    for (int child : node.children) {
      const AstNode& element = ast_.node(child);
      VIGIL_TRY(bound_element, Bind(child));
      const BoundNode& value = tree_.nodes[bound_element];
      const bool literal = value.kind == BoundKind::kConstant &&
                           (IsNumeric(value.type) || value.type == RuleType::kString);
      if (!literal) {
        return ErrorAt(element.begin,
                       "list elements must be number or string literals, such as 5 or \"US\"");
      }
      const RuleType kind = IsNumeric(value.type) ? RuleType::kFloat : RuleType::kString;
      if (bound.elements.empty()) {
        bound.element_type = kind;
      } else if (bound.element_type != kind) {
        return ErrorAt(element.begin, std::string("list elements must all be numbers or all be ") +
                                          "strings; this one is " + RuleTypeName(value.type));
      }
      bound.elements.push_back(value.constant);
    }
    return Add(std::move(bound));
  }

  // `-x`: negation of a numeric literal folds to a literal, so [-1, 2] stays a literal list.
  Result<int> BindNegate(const AstNode& node) {
    VIGIL_TRY(operand, Bind(node.children[0]));
    if (!IsNumeric(TypeOf(operand))) {
      return ErrorAt(node.op_begin, std::string("cannot negate ") + RuleTypeName(TypeOf(operand)));
    }
    if (At(operand).kind == BoundKind::kConstant) {
      Number negated = Negate(Number::FromValue(At(operand).constant));
      At(operand).constant = negated.ToValue();
      At(operand).type = negated.is_integer() ? RuleType::kInteger : RuleType::kFloat;
      return operand;
    }
    BoundNode bound;
    bound.kind = BoundKind::kNegate;
    bound.type = TypeOf(operand);
    bound.children = {operand};
    return Add(std::move(bound));
  }

  Result<int> BindArithmetic(const AstNode& node) {
    VIGIL_TRY(left, Bind(node.children[0]));
    VIGIL_TRY(right, Bind(node.children[1]));
    const RuleType l = TypeOf(left), r = TypeOf(right);
    if (!IsNumeric(l) || !IsNumeric(r)) {
      return ErrorAt(node.op_begin, "cannot apply '" + std::string(OperatorText(node.op)) +
                                        "' to " + RuleTypeName(l) + " and " + RuleTypeName(r));
    }
    BoundNode bound;
    bound.kind = BoundKind::kArithmetic;
    bound.op = node.op;
    bound.type = (node.op == AstOperator::kDivide || l == RuleType::kFloat || r == RuleType::kFloat)
                     ? RuleType::kFloat
                     : RuleType::kInteger;
    bound.children = {left, right};
    return Add(std::move(bound));
  }

  // A STRING literal where a DATETIME is expected becomes a DATETIME literal.
  Status CoerceToDateTime(int index, size_t offset) {
    BoundNode& node = At(index);
    if (node.type != RuleType::kString || node.kind != BoundKind::kConstant) return {};
    auto micros = ParseIso8601(node.constant.string());
    if (!micros) {
      return ErrorAt(offset, Value::String(node.constant.string()).ToLiteral() + " is " +
                                 micros.error().message);
    }
    node.constant = Value::Time(DateTime{*micros});
    node.type = RuleType::kDateTime;
    return {};
  }

  Result<int> BindComparison(const AstNode& node) {
    const AstNode& left_node = ast_.node(node.children[0]);
    const AstNode& right_node = ast_.node(node.children[1]);
    VIGIL_TRY(left, Bind(node.children[0]));
    VIGIL_TRY(right, Bind(node.children[1]));
    if (TypeOf(left) == RuleType::kDateTime) VIGIL_CHECK(CoerceToDateTime(right, right_node.begin));
    if (TypeOf(right) == RuleType::kDateTime) VIGIL_CHECK(CoerceToDateTime(left, left_node.begin));
    const RuleType l = TypeOf(left), r = TypeOf(right);
    BoundNode bound;
    bound.type = RuleType::kBoolean;
    bound.op = node.op;
    if (l == RuleType::kNull || r == RuleType::kNull) {
      if (IsOrdering(node.op)) {
        return ErrorAt(node.op_begin, "null can only be compared with == or !=");
      }
      const bool is_null = node.op == AstOperator::kEqual;
      if (l == RuleType::kNull && r == RuleType::kNull)
        return Constant(Value::Boolean(is_null), RuleType::kBoolean);
      bound.kind = is_null ? BoundKind::kIsNull : BoundKind::kIsNotNull;
      bound.children = {l == RuleType::kNull ? right : left};
      return Add(std::move(bound));
    }
    const bool comparable = (IsNumeric(l) && IsNumeric(r)) || l == r;
    if (!comparable) {
      return ErrorAt(node.op_begin,
                     std::string("cannot compare ") + RuleTypeName(l) + " with " + RuleTypeName(r));
    }
    if (l == RuleType::kBoolean && IsOrdering(node.op)) {
      return ErrorAt(node.op_begin, "BOOLEAN values can only be compared with == and !=");
    }
    bound.kind = BoundKind::kComparison;
    bound.children = {left, right};
    return Add(std::move(bound));
  }

  Result<int> BindIn(const AstNode& node) {
    const AstNode& list_node = ast_.node(node.children[1]);
    VIGIL_TRY(value, Bind(node.children[0]));
    const RuleType type = TypeOf(value);
    const std::string op(OperatorText(node.op));
    if (type == RuleType::kNull) {
      return ErrorAt(node.op_begin, "null cannot be '" + op + "' a list; test it with == null");
    }
    if (type == RuleType::kBoolean) {
      return ErrorAt(node.op_begin, "'" + op + "' does not apply to BOOLEAN; use == or !=");
    }
    int list = -1;
    if (list_node.kind == AstKind::kList) {
      VIGIL_TRY(bound_list, BindListRef(list_node));
      list = bound_list;
    } else {
      VIGIL_TRY(bound_list, BindListLiteral(list_node));
      list = bound_list;
      BoundNode& literal = At(list);
      const bool numbers = literal.element_type == RuleType::kFloat;
      const bool strings = literal.element_type == RuleType::kString;
      if ((numbers && !IsNumeric(type)) ||
          (strings && type != RuleType::kString && type != RuleType::kDateTime)) {
        return ErrorAt(node.op_begin, std::string("cannot look for ") + RuleTypeName(type) +
                                          " in a list of " + (numbers ? "numbers" : "strings"));
      }
      if (strings && type == RuleType::kDateTime) {
        for (size_t i = 0; i < literal.elements.size(); ++i) {
          auto micros = ParseIso8601(literal.elements[i].string());
          if (!micros) {
            return ErrorAt(ast_.node(list_node.children[i]).begin,
                           literal.elements[i].ToLiteral() + " is " + micros.error().message);
          }
          literal.elements[i] = Value::Time(DateTime{*micros});
        }
        literal.element_type = RuleType::kDateTime;
      }
    }
    BoundNode bound;
    bound.kind = BoundKind::kIn;
    bound.type = RuleType::kBoolean;
    bound.op = node.op;
    bound.children = {value, list};
    return Add(std::move(bound));
  }

  Result<int> BindNot(const AstNode& node) {
    VIGIL_TRY(operand, Bind(node.children[0]));
    if (TypeOf(operand) != RuleType::kBoolean) {
      return ErrorAt(
          ast_.node(node.children[0]).begin,
          std::string("'not' needs a BOOLEAN operand; this is ") + RuleTypeName(TypeOf(operand)));
    }
    BoundNode bound;
    bound.kind = BoundKind::kNot;
    bound.type = RuleType::kBoolean;
    bound.children = {operand};
    return Add(std::move(bound));
  }

  Result<int> BindLogical(const AstNode& node) {
    BoundNode bound;
    bound.kind = node.kind == AstKind::kAnd ? BoundKind::kAnd : BoundKind::kOr;
    bound.type = RuleType::kBoolean;
    for (int child : node.children) {
      VIGIL_TRY(operand, Bind(child));
      if (TypeOf(operand) != RuleType::kBoolean) {
        return ErrorAt(ast_.node(child).begin,
                       std::string("'") + (node.kind == AstKind::kAnd ? "and" : "or") +
                           "' needs BOOLEAN operands; this is " + RuleTypeName(TypeOf(operand)));
      }
      bound.children.push_back(operand);
    }
    return Add(std::move(bound));
  }

  Result<int> BindCall(const AstNode& node) {
    auto signature = FindFunction(node.text);
    if (!signature) {
      std::string_view hint = ClosestName(node.text, FunctionNames());
      std::string message = "unknown function " + node.text + "()";
      if (!hint.empty()) message += " (did you mean " + std::string(hint) + "()?)";
      return ErrorAt(node.begin, message);
    }
    const std::string name(signature->name);
    const size_t arity = signature->parameters.size();
    if (node.children.size() != arity) {
      return ErrorAt(node.begin, name + "() takes " + std::to_string(arity) +
                                     (arity == 1 ? " argument" : " arguments") + ", found " +
                                     std::to_string(node.children.size()));
    }
    BoundNode bound;
    bound.kind = BoundKind::kCall;
    bound.function = signature->function;
    bound.type = signature->result;
    for (size_t i = 0; i < arity; ++i) {
      const AstNode& argument = ast_.node(node.children[i]);
      VIGIL_TRY(bound_argument, Bind(node.children[i]));
      const RuleType expected = signature->parameters[i];
      if (expected == RuleType::kDateTime) {
        VIGIL_CHECK(CoerceToDateTime(bound_argument, argument.begin));
      }
      if (TypeOf(bound_argument) != expected) {
        return ErrorAt(argument.begin, name + "() needs a " + RuleTypeName(expected) +
                                           " as argument " + std::to_string(i + 1) + ", this is " +
                                           RuleTypeName(TypeOf(bound_argument)));
      }
      bound.children.push_back(bound_argument);
    }
    if (signature->function == Function::kRegexMatch) {
      const AstNode& pattern = ast_.node(node.children[0]);
      if (pattern.kind != AstKind::kString) {
        return ErrorAt(
            pattern.begin,
            "the pattern of regex_match() must be a string literal, such as \".*@x\\.com\"");
      }
      auto regex = CompileRegex(pattern.text);
      if (!regex) return ErrorAt(pattern.begin, regex.error().message);
      bound.regex = std::move(*regex);
    }
    return Add(std::move(bound));
  }

  std::string_view source_;
  const Ast& ast_;
  const Environment& env_;
  BoundTree tree_;
};

}  // namespace

Result<BoundTree> Bind(std::string_view source, const Ast& ast, const Environment& env,
                       Root root) {
  return Binder(source, ast, env).Run(root);
}

}  // namespace vigil::rules
