#include "rules/evaluator.h"

#include <algorithm>

#include "core/time_format.h"

namespace vigil::rules {

namespace {

Truth FromBool(bool value) { return value ? Truth::kTrue : Truth::kFalse; }

// Whether `order` (negative, zero, positive) satisfies `comparison`.
bool Holds(Comparison comparison, int order) {
  switch (comparison) {
    case Comparison::kEqual:
      return order == 0;
    case Comparison::kNotEqual:
      return order != 0;
    case Comparison::kLess:
      return order < 0;
    case Comparison::kLessEqual:
      return order <= 0;
    case Comparison::kGreater:
      return order > 0;
    case Comparison::kGreaterEqual:
      return order >= 0;
  }
  return false;
}

template <typename T>
int Order(const T& a, const T& b) {
  return (a > b) - (a < b);
}

// Membership after null handling: `not in` flips a known answer, unknown stays unknown.
Truth Membership(bool contains, bool negate) { return FromBool(contains != negate); }

Number Arithmetic(ArithmeticOp op, Number a, Number b) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return Add(a, b);
    case ArithmeticOp::kSubtract:
      return Subtract(a, b);
    case ArithmeticOp::kMultiply:
      return Multiply(a, b);
    case ArithmeticOp::kDivide:
      return Divide(a, b);
    case ArithmeticOp::kModulo:
      return Modulo(a, b);
  }
  return Number::Null();
}

constexpr int64_t kMicrosPerHour = int64_t{3'600'000'000};
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

int64_t FloorDivide(int64_t a, int64_t b) {
  const int64_t quotient = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
}

}  // namespace

Truth Evaluator::EvalTruth(int32_t index) const {
  const Instruction& in = code_.instructions[index];
  switch (in.op) {
    case Opcode::kTruthConstant:
      return in.truth;
    case Opcode::kBooleanVariable: {
      const Value* value = Variable(in.slot);
      return value != nullptr && value->is_boolean() ? FromBool(value->boolean()) : Truth::kUnknown;
    }
    case Opcode::kAnd: {
      // False wins over unknown: keep going after an unknown, stop at the first false.
      Truth result = Truth::kTrue;
      for (int32_t i = 0; i < in.count; ++i) {
        const Truth operand = EvalTruth(code_.operands[in.index + i]);
        if (operand == Truth::kFalse) return Truth::kFalse;
        if (operand == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
    case Opcode::kOr: {
      Truth result = Truth::kFalse;
      for (int32_t i = 0; i < in.count; ++i) {
        const Truth operand = EvalTruth(code_.operands[in.index + i]);
        if (operand == Truth::kTrue) return Truth::kTrue;
        if (operand == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
    case Opcode::kNot: {
      const Truth operand = EvalTruth(in.a);
      return operand == Truth::kUnknown ? operand : FromBool(operand == Truth::kFalse);
    }
    case Opcode::kIsNull:
      return FromBool(IsNull(in));
    case Opcode::kIsNotNull:
      return FromBool(!IsNull(in));
    case Opcode::kCompareNumbers: {
      const Number a = EvalNumber(in.a);
      if (a.is_null()) return Truth::kUnknown;
      const Number b = EvalNumber(in.b);
      if (b.is_null()) return Truth::kUnknown;
      return FromBool(Holds(in.comparison, Compare(a, b)));
    }
    case Opcode::kCompareNumberVariable: {
      const Value* value = Variable(in.slot);
      if (value == nullptr) return Truth::kUnknown;
      if (value->is_integer()) {
        return FromBool(
            Holds(in.comparison, Compare(Number::Integer(value->integer()), in.number)));
      }
      const Number a = Number::FromValue(*value);
      if (a.is_null()) return Truth::kUnknown;
      return FromBool(Holds(in.comparison, Compare(a, in.number)));
    }
    case Opcode::kCompareStrings:
      return CompareStrings(in);
    case Opcode::kCompareStringVariable: {
      const Value* value = Variable(in.slot);
      if (value == nullptr || !value->is_string()) return Truth::kUnknown;
      const std::string_view a = value->string();
      return FromBool(Holds(in.comparison, a.compare(code_.strings[in.index])));
    }
    case Opcode::kCompareDateTimes: {
      const auto a = EvalDateTime(in.a);
      if (!a) return Truth::kUnknown;
      const auto b = EvalDateTime(in.b);
      if (!b) return Truth::kUnknown;
      return FromBool(Holds(in.comparison, Order(*a, *b)));
    }
    case Opcode::kCompareBooleans: {
      const Truth a = EvalTruth(in.a);
      if (a == Truth::kUnknown) return a;
      const Truth b = EvalTruth(in.b);
      if (b == Truth::kUnknown) return b;
      return FromBool(Holds(in.comparison, Order(a, b)));
    }
    case Opcode::kInList:
      return InList(in);
    case Opcode::kStringVariableInList: {
      const Value* value = Variable(in.slot);
      if (value == nullptr || !value->is_string()) return Truth::kUnknown;
      const ListValues* list = List(in.index);
      return Membership(list != nullptr && list->Contains(value->string()), in.negate);
    }
    case Opcode::kInStringSet:
      return InStringSet(in);
    case Opcode::kInNumberSet:
      return InNumberSet(in);
    case Opcode::kInDateTimeSet: {
      const auto a = EvalDateTime(in.a);
      if (!a) return Truth::kUnknown;
      const auto& set = code_.datetime_sets[in.index];
      return Membership(std::binary_search(set.begin(), set.end(), *a), in.negate);
    }
    case Opcode::kRegexMatch:
      return RegexMatch(in);
    default:
      return Truth::kUnknown;  // not a Truth-valued instruction: unreachable by design
  }
}

bool Evaluator::IsNull(const Instruction& in) const {
  switch (in.operand_kind) {
    case ValueKind::kBoolean:
      return EvalTruth(in.a) == Truth::kUnknown;
    case ValueKind::kNumber:
      return EvalNumber(in.a).is_null();
    case ValueKind::kString: {
      StringBuffer buffer;
      return !EvalString(in.a, buffer).has_value();
    }
    case ValueKind::kDateTime:
      return !EvalDateTime(in.a).has_value();
  }
  return true;
}

Truth Evaluator::InStringSet(const Instruction& in) const {
  StringBuffer buffer;
  const auto a = EvalString(in.a, buffer);
  if (!a) return Truth::kUnknown;
  return Membership(code_.string_sets[in.index].Contains(*a), in.negate);
}

Truth Evaluator::RegexMatch(const Instruction& in) const {
  StringBuffer buffer;
  const auto a = EvalString(in.a, buffer);
  if (!a) return Truth::kUnknown;
  return FromBool(
      re2::RE2::FullMatch(re2::StringPiece(a->data(), a->size()), *code_.regexes[in.index]));
}

Truth Evaluator::CompareStrings(const Instruction& in) const {
  StringBuffer left_buffer;
  const auto a = EvalString(in.a, left_buffer);
  if (!a) return Truth::kUnknown;
  StringBuffer right_buffer;
  const auto b = EvalString(in.b, right_buffer);
  if (!b) return Truth::kUnknown;
  return FromBool(Holds(in.comparison, a->compare(*b)));  // byte-wise, as unsigned chars
}

Truth Evaluator::InList(const Instruction& in) const {
  const ListValues* list = List(in.slot);
  switch (in.operand_kind) {
    case ValueKind::kString: {
      StringBuffer buffer;
      const auto a = EvalString(in.a, buffer);
      if (!a) return Truth::kUnknown;
      return Membership(list != nullptr && list->Contains(*a), in.negate);
    }
    case ValueKind::kNumber: {
      const Number a = EvalNumber(in.a);
      if (a.is_null()) return Truth::kUnknown;
      NumberTextBuffer text;
      return Membership(list != nullptr && list->Contains(FormatNumber(a, text)), in.negate);
    }
    case ValueKind::kDateTime: {
      const auto a = EvalDateTime(in.a);
      if (!a) return Truth::kUnknown;
      return Membership(list != nullptr && list->Contains(FormatIso8601(*a)), in.negate);
    }
    case ValueKind::kBoolean:
      break;  // rejected by the binder
  }
  return Truth::kUnknown;
}

Truth Evaluator::InNumberSet(const Instruction& in) const {
  const Number a = EvalNumber(in.a);
  if (a.is_null()) return Truth::kUnknown;
  const NumberSet& set = code_.number_sets[in.index];
  constexpr double kTwoTo63 = 9223372036854775808.0;
  bool contains;
  if (a.is_integer()) {
    contains = std::binary_search(set.integers.begin(), set.integers.end(), a.integer);
  } else if (a.floating == std::trunc(a.floating) && a.floating >= -kTwoTo63 &&
             a.floating < kTwoTo63) {
    contains = std::binary_search(set.integers.begin(), set.integers.end(),
                                  static_cast<int64_t>(a.floating));
  } else {
    contains = std::binary_search(set.fractions.begin(), set.fractions.end(), a.floating);
  }
  return Membership(contains, in.negate);
}

Number Evaluator::EvalNumber(int32_t index) const {
  const Instruction& in = code_.instructions[index];
  switch (in.op) {
    case Opcode::kNumberConstant:
      return in.number;
    case Opcode::kNumberVariable: {
      const Value* value = Variable(in.slot);
      return value != nullptr ? Number::FromValue(*value) : Number::Null();
    }
    case Opcode::kArithmetic:
      return Arithmetic(in.arithmetic, EvalNumber(in.a), EvalNumber(in.b));
    case Opcode::kNegate:
      return Negate(EvalNumber(in.a));
    case Opcode::kEpochMilliseconds: {
      const auto micros = EvalDateTime(in.a);
      return micros ? Number::Integer(FloorDivide(*micros, 1000)) : Number::Null();
    }
    case Opcode::kHourOfDay: {
      const auto micros = EvalDateTime(in.a);
      if (!micros) return Number::Null();
      return Number::Integer(FloorDivide(*micros, kMicrosPerHour) -
                             FloorDivide(*micros, kMicrosPerDay) * 24);
    }
    case Opcode::kDayOfWeek: {
      const auto micros = EvalDateTime(in.a);
      if (!micros) return Number::Null();
      // 1970-01-01 was a Thursday, ISO weekday 4.
      const int64_t days = FloorDivide(*micros, kMicrosPerDay);
      return Number::Integer(days + 3 - FloorDivide(days + 3, 7) * 7 + 1);
    }
    default:
      return Number::Null();
  }
}

std::optional<std::string_view> Evaluator::EvalString(int32_t index, StringBuffer& buffer) const {
  const Instruction& in = code_.instructions[index];
  switch (in.op) {
    case Opcode::kStringConstant:
      return std::string_view(code_.strings[in.index]);
    case Opcode::kStringVariable: {
      const Value* value = Variable(in.slot);
      if (value == nullptr || !value->is_string()) return std::nullopt;
      return std::string_view(value->string());
    }
    case Opcode::kLowercase:
    case Opcode::kUppercase: {
      StringBuffer operand_buffer;
      const auto operand = EvalString(in.a, operand_buffer);
      if (!operand) return std::nullopt;
      char* out = buffer.Allocate(operand->size());
      const bool lower = in.op == Opcode::kLowercase;
      for (size_t i = 0; i < operand->size(); ++i) {
        char c = (*operand)[i];
        if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (!lower && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        out[i] = c;
      }
      return std::string_view(out, operand->size());
    }
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> Evaluator::EvalDateTime(int32_t index) const {
  const Instruction& in = code_.instructions[index];
  switch (in.op) {
    case Opcode::kDateTimeConstant:
      return in.micros;
    case Opcode::kDateTimeVariable: {
      const Value* value = Variable(in.slot);
      if (value == nullptr || !value->is_datetime()) return std::nullopt;
      return value->datetime().micros;
    }
    case Opcode::kCurrentDateTime:
      return context_.now_micros;
    case Opcode::kEventDateTime:
      return context_.event_micros;
    default:
      return std::nullopt;
  }
}

}  // namespace vigil::rules
