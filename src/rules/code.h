// The compiled form of a rule: a flat array of typed instructions that refer to their operands by
// index. Each instruction knows the kind of value it produces (BOOLEAN as three-valued Truth,
// number, string or datetime), so the evaluator never inspects types it already knows, never looks
// a name up and never parses. Common shapes have fused instructions (a variable compared with a
// constant, a variable tested against a list). Built once by the compiler, then only read; all
// members are immutable after construction, which makes concurrent evaluation safe.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/list_values.h"
#include "rules/number.h"

namespace vigil::rules {

// SQL-style three-valued logic: comparisons with null are unknown; a rule matches only when true.
enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

enum class Comparison : uint8_t { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// What an instruction evaluates to.
enum class ValueKind : uint8_t { kBoolean, kNumber, kString, kDateTime };

enum class Opcode : uint8_t {
  // Truth-valued.
  kTruthConstant,          // truth
  kBooleanVariable,        // slot
  kAnd,                    // operands[first .. first+count)
  kOr,                     // operands[first .. first+count)
  kNot,                    // a
  kIsNull,                 // a (of operand_kind) is null / unknown
  kIsNotNull,              // a (of operand_kind) is not null / not unknown
  kCompareNumbers,         // a cmp b
  kCompareNumberVariable,  // variable[slot] cmp number (fused)
  kCompareStrings,         // a cmp b, byte-wise
  kCompareStringVariable,  // variable[slot] cmp strings[index] (fused)
  kCompareDateTimes,       // a cmp b
  kCompareBooleans,        // a cmp b (== or !=)
  kInList,                 // a (of operand_kind) in lists[slot], by text; negate for `not in`
  kStringVariableInList,   // variable[slot] in lists[index] (fused); negate for `not in`
  kInStringSet,            // a in string_sets[index]; negate
  kInNumberSet,            // a in number_sets[index]; negate
  kInDateTimeSet,          // a in datetime_sets[index]; negate
  kRegexMatch,             // regexes[index] fully matches a
  // Number-valued.
  kNumberConstant,     // number
  kNumberVariable,     // slot
  kArithmetic,         // a arithmetic b
  kNegate,             // -a
  kEpochMilliseconds,  // a (DATETIME) in milliseconds since the epoch
  kHourOfDay,          // a (DATETIME): its hour, 0..23, UTC
  kDayOfWeek,          // a (DATETIME): its ISO weekday, 1 (Monday) .. 7 (Sunday), UTC
  // String-valued.
  kStringConstant,  // strings[index]
  kStringVariable,  // slot
  kLowercase,       // a with ASCII A-Z lowered
  kUppercase,       // a with ASCII a-z raised
  // DateTime-valued.
  kDateTimeConstant,  // micros
  kDateTimeVariable,  // slot
  kCurrentDateTime,   // EvalContext::now_micros
  kEventDateTime,     // EvalContext::event_micros
};

enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kModulo };

struct Instruction {
  Opcode op = Opcode::kTruthConstant;
  Comparison comparison = Comparison::kEqual;
  ArithmeticOp arithmetic = ArithmeticOp::kAdd;
  ValueKind operand_kind = ValueKind::kBoolean;  // kind of `a` for kIsNull, kIsNotNull, kInList
  Truth truth = Truth::kFalse;                   // kTruthConstant
  bool negate = false;                           // `not in`
  int32_t a = -1;                                // operand instruction
  int32_t b = -1;                                // operand instruction
  int32_t slot = -1;                             // variable or list slot
  int32_t index = -1;                            // side-table index, or first of `operands`
  int32_t count = 0;                             // number of `operands` (kAnd, kOr)
  Number number;                                 // kNumberConstant, kCompareNumberVariable
  int64_t micros = 0;                            // kDateTimeConstant
};

// A literal list of numbers, searched exactly: integral elements (and integral FLOATs within
// 64 bits) as integers, others as doubles; both sorted.
struct NumberSet {
  std::vector<int64_t> integers;
  std::vector<double> fractions;
};

struct Code {
  std::vector<Instruction> instructions;
  int32_t root = -1;
  std::vector<int32_t> operands;
  std::vector<std::string> strings;
  std::vector<std::shared_ptr<const re2::RE2>> regexes;
  std::vector<ListValues> string_sets;
  std::vector<NumberSet> number_sets;
  std::vector<std::vector<int64_t>> datetime_sets;  // sorted micros
};

}  // namespace vigil::rules
