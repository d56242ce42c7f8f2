// Program: one compiled rule (a BOOLEAN expression, Compile) or value expression
// (CompileExpression), ready to evaluate against an event's values many times.
// Immutable after Compile(); Evaluate and ExpressionWithValues are const and safe to call from
// many threads at once on the same Program.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/value.h"
#include "rules/list_values.h"
#include "rules/types.h"
#include "rules/variable_reference.h"

namespace vigil::rules {

// What one evaluation sees. Nothing is copied; the spans must outlive the call.
struct EvalContext {
  // Indexed by variable slot (Environment::AddVariable). A slot past the end reads as null, and
  // so does a Value whose kind does not match the variable's declared type (INTEGER and FLOAT
  // values are both accepted where a number is declared).
  std::span<const Value> variables;
  // Indexed by list slot (Environment::AddList); nullptr or a slot past the end is an empty list.
  std::span<const ListValues* const> lists;
  // What getcurrentdatetime() returns: microseconds since the epoch, from the injected clock.
  int64_t now_micros = 0;
  // What geteventdatetime() returns: the event's own timestamp, microseconds since the epoch.
  int64_t event_micros = 0;
};

struct Code;  // the compiled instructions; see code.h

class Program {
 public:
  // Built by Compile() (rules.h); not meant to be called directly.
  Program(std::string expression, std::unique_ptr<const Code> code, RuleType result_type,
          std::vector<VariableReference> references, std::vector<int> variable_slots,
          std::vector<int> list_slots);
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // True when the rule matches: its condition is TRUE. FALSE and unknown (null involved) do not
  // match. Allocation-free except for lowercase()/uppercase() results longer than 256 bytes and
  // DATETIME values tested `in @list`.
  bool Evaluate(const EvalContext& context) const;

  // The expression's value, of result_type(): BOOLEAN true or false (null when unknown), INTEGER,
  // FLOAT, STRING or DATETIME, or null (a null operand, a division by zero). An INTEGER
  // expression is FLOAT when a FLOAT value stands in a slot declared INTEGER (EvalContext).
  // Allocates only for a STRING result.
  Value EvaluateValue(const EvalContext& context) const;
  RuleType result_type() const { return result_type_; }

  // The rule text with every $variable replaced by its value as a literal (null, 1000, 12.5,
  // "text", "2025-07-15T12:34:56Z"); lists stay @name and everything else is kept verbatim:
  // `$amount > 500 and $ip in @blocked` -> `1000 > 500 and "1.2.3.4" in @blocked`.
  std::string ExpressionWithValues(const EvalContext& context) const;

  // Distinct slots the rule references, ascending.
  const std::vector<int>& variable_slots() const { return variable_slots_; }
  const std::vector<int>& list_slots() const { return list_slots_; }
  // The rule text exactly as compiled.
  const std::string& expression() const { return expression_; }

 private:
  std::string expression_;
  std::unique_ptr<const Code> code_;
  RuleType result_type_;
  std::vector<VariableReference> references_;
  std::vector<int> variable_slots_;
  std::vector<int> list_slots_;
};

}  // namespace vigil::rules
