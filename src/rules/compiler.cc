#include "rules/compiler.h"

#include <algorithm>
#include <cmath>

#include "rules/evaluator.h"

namespace vigil::rules {

namespace {

Comparison ToComparison(AstOperator op) {
  switch (op) {
    case AstOperator::kNotEqual:
      return Comparison::kNotEqual;
    case AstOperator::kLess:
      return Comparison::kLess;
    case AstOperator::kLessEqual:
      return Comparison::kLessEqual;
    case AstOperator::kGreater:
      return Comparison::kGreater;
    case AstOperator::kGreaterEqual:
      return Comparison::kGreaterEqual;
    default:
      return Comparison::kEqual;
  }
}

// `c < $x` is `$x > c`.
Comparison Mirror(Comparison comparison) {
  switch (comparison) {
    case Comparison::kLess:
      return Comparison::kGreater;
    case Comparison::kLessEqual:
      return Comparison::kGreaterEqual;
    case Comparison::kGreater:
      return Comparison::kLess;
    case Comparison::kGreaterEqual:
      return Comparison::kLessEqual;
    default:
      return comparison;
  }
}

ArithmeticOp ToArithmetic(AstOperator op) {
  switch (op) {
    case AstOperator::kSubtract:
      return ArithmeticOp::kSubtract;
    case AstOperator::kMultiply:
      return ArithmeticOp::kMultiply;
    case AstOperator::kDivide:
      return ArithmeticOp::kDivide;
    case AstOperator::kModulo:
      return ArithmeticOp::kModulo;
    default:
      return ArithmeticOp::kAdd;
  }
}

ValueKind KindOf(RuleType type) {
  switch (type) {
    case RuleType::kInteger:
    case RuleType::kFloat:
      return ValueKind::kNumber;
    case RuleType::kString:
      return ValueKind::kString;
    case RuleType::kDateTime:
      return ValueKind::kDateTime;
    default:
      return ValueKind::kBoolean;
  }
}

NumberSet BuildNumberSet(const std::vector<Value>& elements) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  NumberSet set;
  for (const Value& element : elements) {
    const Number n = Number::FromValue(element);
    if (n.is_integer()) {
      set.integers.push_back(n.integer);
    } else if (n.floating == std::trunc(n.floating) && n.floating >= -kTwoTo63 &&
               n.floating < kTwoTo63) {
      set.integers.push_back(static_cast<int64_t>(n.floating));  // exact: integral, in range
    } else if (!n.is_null()) {
      set.fractions.push_back(n.floating);
    }
  }
  std::sort(set.integers.begin(), set.integers.end());
  std::sort(set.fractions.begin(), set.fractions.end());
  return set;
}

class Compiler {
 public:
  explicit Compiler(const BoundTree& tree) : tree_(tree), code_(std::make_unique<Code>()) {}

  std::unique_ptr<const Code> Run() {
    code_->root = Lower(tree_.root);
    return std::move(code_);
  }

 private:
  int32_t Emit(Instruction instruction, bool pure) {
    code_->instructions.push_back(instruction);
    pure_.push_back(pure);
    return static_cast<int32_t>(code_->instructions.size()) - 1;
  }
  const Instruction& At(int32_t index) const { return code_->instructions[index]; }
  bool Pure(int32_t index) const { return pure_[index]; }

  // Replaces the subtree that starts at instruction `start` (and ends with the last one emitted)
  // by `replacement`.
  int32_t Replace(int32_t start, Instruction replacement, bool pure) {
    code_->instructions.resize(start);
    pure_.resize(start);
    return Emit(replacement, pure);
  }

  int32_t Lower(int index) {
    const int32_t start = static_cast<int32_t>(code_->instructions.size());
    const int32_t lowered = LowerNode(tree_.node(index));
    const Opcode op = At(lowered).op;
    const bool already_constant = op == Opcode::kTruthConstant || op == Opcode::kNumberConstant ||
                                  op == Opcode::kStringConstant || op == Opcode::kDateTimeConstant;
    if (!Pure(lowered) || already_constant) return lowered;
    return Replace(start, Fold(lowered, tree_.node(index).type), true);
  }

  // Evaluates a pure instruction now; it reads no variable, list or clock.
  Instruction Fold(int32_t index, RuleType type) {
    const EvalContext empty{};
    const Evaluator evaluator(*code_, empty);
    Instruction constant;
    switch (KindOf(type)) {
      case ValueKind::kBoolean:
        constant.op = Opcode::kTruthConstant;
        constant.truth = evaluator.EvalTruth(index);
        break;
      case ValueKind::kNumber:
        constant.op = Opcode::kNumberConstant;
        constant.number = evaluator.EvalNumber(index);
        break;
      case ValueKind::kString: {
        StringBuffer buffer;
        const auto text = evaluator.EvalString(index, buffer);
        constant.op = Opcode::kStringConstant;
        constant.index = static_cast<int32_t>(code_->strings.size());
        code_->strings.emplace_back(text.value_or(std::string_view()));
        break;
      }
      case ValueKind::kDateTime:
        constant.op = Opcode::kDateTimeConstant;
        constant.micros = evaluator.EvalDateTime(index).value_or(0);
        break;
    }
    return constant;
  }

  int32_t LowerNode(const BoundNode& node) {
    Instruction in;
    switch (node.kind) {
      case BoundKind::kConstant:
        return LowerConstant(node);
      case BoundKind::kVariable: {
        static constexpr Opcode kByKind[] = {Opcode::kBooleanVariable, Opcode::kNumberVariable,
                                             Opcode::kStringVariable, Opcode::kDateTimeVariable};
        in.op = kByKind[static_cast<int>(KindOf(node.type))];
        in.slot = node.slot;
        return Emit(in, false);
      }
      case BoundKind::kNegate:
        in.op = Opcode::kNegate;
        in.a = Lower(node.children[0]);
        return Emit(in, Pure(in.a));
      case BoundKind::kArithmetic:
        in.op = Opcode::kArithmetic;
        in.arithmetic = ToArithmetic(node.op);
        in.a = Lower(node.children[0]);
        in.b = Lower(node.children[1]);
        return Emit(in, Pure(in.a) && Pure(in.b));
      case BoundKind::kComparison:
        return LowerComparison(node);
      case BoundKind::kIsNull:
      case BoundKind::kIsNotNull:
        in.op = node.kind == BoundKind::kIsNull ? Opcode::kIsNull : Opcode::kIsNotNull;
        in.operand_kind = KindOf(tree_.node(node.children[0]).type);
        in.a = Lower(node.children[0]);
        return Emit(in, Pure(in.a));
      case BoundKind::kIn:
        return LowerIn(node);
      case BoundKind::kNot:
        in.op = Opcode::kNot;
        in.a = Lower(node.children[0]);
        return Emit(in, Pure(in.a));
      case BoundKind::kAnd:
      case BoundKind::kOr: {
        in.op = node.kind == BoundKind::kAnd ? Opcode::kAnd : Opcode::kOr;
        std::vector<int32_t> operands;
        bool pure = true;
        for (int child : node.children) {
          operands.push_back(Lower(child));
          pure = pure && Pure(operands.back());
        }
        in.index = static_cast<int32_t>(code_->operands.size());
        in.count = static_cast<int32_t>(operands.size());
        code_->operands.insert(code_->operands.end(), operands.begin(), operands.end());
        return Emit(in, pure);
      }
      case BoundKind::kCall:
        return LowerCall(node);
      case BoundKind::kListRef:
      case BoundKind::kListLiteral:
        break;  // only under kIn, lowered there
    }
    in.op = Opcode::kTruthConstant;
    in.truth = Truth::kUnknown;
    return Emit(in, true);
  }

  int32_t LowerConstant(const BoundNode& node) {
    Instruction in;
    const Value& value = node.constant;
    if (value.is_boolean()) {
      in.op = Opcode::kTruthConstant;
      in.truth = value.boolean() ? Truth::kTrue : Truth::kFalse;
    } else if (value.is_number()) {
      in.op = Opcode::kNumberConstant;
      in.number = Number::FromValue(value);
    } else if (value.is_string()) {
      in.op = Opcode::kStringConstant;
      in.index = static_cast<int32_t>(code_->strings.size());
      code_->strings.push_back(value.string());
    } else if (value.is_datetime()) {
      in.op = Opcode::kDateTimeConstant;
      in.micros = value.datetime().micros;
    } else {
      in.op = Opcode::kTruthConstant;
      in.truth = Truth::kUnknown;
    }
    return Emit(in, true);
  }

  int32_t LowerComparison(const BoundNode& node) {
    const int32_t start = static_cast<int32_t>(code_->instructions.size());
    Instruction in;
    in.comparison = ToComparison(node.op);
    in.a = Lower(node.children[0]);
    in.b = Lower(node.children[1]);
    const bool pure = Pure(in.a) && Pure(in.b);
    switch (KindOf(tree_.node(node.children[0]).type)) {
      case ValueKind::kNumber:
        in.op = Opcode::kCompareNumbers;
        break;
      case ValueKind::kString:
        in.op = Opcode::kCompareStrings;
        break;
      case ValueKind::kDateTime:
        in.op = Opcode::kCompareDateTimes;
        break;
      case ValueKind::kBoolean:
        in.op = Opcode::kCompareBooleans;
        break;
    }
    // Fuse `$var op constant` (or `constant op $var`) for numbers and strings.
    const Opcode variable = in.op == Opcode::kCompareNumbers   ? Opcode::kNumberVariable
                            : in.op == Opcode::kCompareStrings ? Opcode::kStringVariable
                                                               : Opcode::kTruthConstant;
    const Opcode constant =
        in.op == Opcode::kCompareNumbers ? Opcode::kNumberConstant : Opcode::kStringConstant;
    int32_t var = -1, value = -1;
    if (At(in.a).op == variable && At(in.b).op == constant) {
      var = in.a;
      value = in.b;
    } else if (At(in.b).op == variable && At(in.a).op == constant) {
      var = in.b;
      value = in.a;
      in.comparison = Mirror(in.comparison);
    }
    // A null constant (such as a folded 1 / 0) stays unfused: the generic path yields UNKNOWN.
    if (var < 0 || variable == Opcode::kTruthConstant ||
        (constant == Opcode::kNumberConstant && At(value).number.is_null())) {
      return Emit(in, pure);
    }
    Instruction fused;
    fused.comparison = in.comparison;
    fused.slot = At(var).slot;
    if (in.op == Opcode::kCompareNumbers) {
      fused.op = Opcode::kCompareNumberVariable;
      fused.number = At(value).number;
    } else {
      fused.op = Opcode::kCompareStringVariable;
      fused.index = At(value).index;  // strings[] entries are never removed
    }
    return Replace(start, fused, false);
  }

  int32_t LowerIn(const BoundNode& node) {
    const int32_t start = static_cast<int32_t>(code_->instructions.size());
    const BoundNode& value = tree_.node(node.children[0]);
    const BoundNode& list = tree_.node(node.children[1]);
    Instruction in;
    in.negate = node.op == AstOperator::kNotIn;
    in.operand_kind = KindOf(value.type);
    in.a = Lower(node.children[0]);
    if (list.kind == BoundKind::kListRef) {
      if (At(in.a).op == Opcode::kStringVariable) {
        Instruction fused = in;
        fused.op = Opcode::kStringVariableInList;
        fused.slot = At(in.a).slot;
        fused.index = list.slot;
        fused.a = -1;
        return Replace(start, fused, false);
      }
      in.op = Opcode::kInList;
      in.slot = list.slot;
      return Emit(in, false);
    }
    switch (in.operand_kind) {
      case ValueKind::kString: {
        std::vector<std::string> elements;
        for (const Value& element : list.elements) elements.push_back(element.string());
        in.op = Opcode::kInStringSet;
        in.index = static_cast<int32_t>(code_->string_sets.size());
        code_->string_sets.emplace_back(std::move(elements));
        break;
      }
      case ValueKind::kNumber:
        in.op = Opcode::kInNumberSet;
        in.index = static_cast<int32_t>(code_->number_sets.size());
        code_->number_sets.push_back(BuildNumberSet(list.elements));
        break;
      case ValueKind::kDateTime: {
        std::vector<int64_t> micros;
        for (const Value& element : list.elements) {
          if (element.is_datetime()) micros.push_back(element.datetime().micros);
        }
        std::sort(micros.begin(), micros.end());
        in.op = Opcode::kInDateTimeSet;
        in.index = static_cast<int32_t>(code_->datetime_sets.size());
        code_->datetime_sets.push_back(std::move(micros));
        break;
      }
      case ValueKind::kBoolean:
        break;  // rejected by the binder
    }
    return Emit(in, Pure(in.a));
  }

  int32_t LowerCall(const BoundNode& node) {
    Instruction in;
    switch (node.function) {
      case Function::kRegexMatch:
        in.op = Opcode::kRegexMatch;
        in.index = static_cast<int32_t>(code_->regexes.size());
        code_->regexes.push_back(node.regex);
        in.a = Lower(node.children[1]);
        return Emit(in, Pure(in.a));
      case Function::kLowercase:
      case Function::kUppercase:
        in.op = node.function == Function::kLowercase ? Opcode::kLowercase : Opcode::kUppercase;
        in.a = Lower(node.children[0]);
        return Emit(in, Pure(in.a));
      case Function::kGetCurrentDateTime:
        in.op = Opcode::kCurrentDateTime;
        return Emit(in, false);
      case Function::kIsBefore:
      case Function::kIsAfter:
        in.op = Opcode::kCompareDateTimes;
        in.comparison =
            node.function == Function::kIsBefore ? Comparison::kLess : Comparison::kGreater;
        in.a = Lower(node.children[0]);
        in.b = Lower(node.children[1]);
        return Emit(in, Pure(in.a) && Pure(in.b));
      case Function::kGetEventDateTime:
        in.op = Opcode::kEventDateTime;
        return Emit(in, false);
      case Function::kGetEpochMilliseconds:
      case Function::kGetHour:
      case Function::kGetDayOfWeek:
        in.op = node.function == Function::kGetEpochMilliseconds ? Opcode::kEpochMilliseconds
                : node.function == Function::kGetHour            ? Opcode::kHourOfDay
                                                                 : Opcode::kDayOfWeek;
        in.a = Lower(node.children[0]);
        return Emit(in, Pure(in.a));
    }
    return Emit(in, true);
  }

  const BoundTree& tree_;
  std::unique_ptr<Code> code_;
  std::vector<bool> pure_;  // parallel to code_->instructions
};

}  // namespace

std::unique_ptr<const Code> Lower(const BoundTree& tree) { return Compiler(tree).Run(); }

}  // namespace vigil::rules
