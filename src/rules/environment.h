// Environment: the names a rule may use. Variables ($name) and lists (@name) get dense slots
// 0..n-1 in declaration order; a compiled Program refers to them only by slot, and the engine
// supplies values in an EvalContext indexed by the same slots.
//
// Names are case-sensitive, exactly as declared. Declaring a name twice adds a second slot that
// no rule can reach (lookups find the first); callers are expected to declare each name once.
// An Environment is a plain value: copy it, move it, read it from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/value.h"

namespace vigil::rules {

struct VariableInfo {
  int slot = 0;
  DataType type = DataType::kString;
};

class Environment {
 public:
  // Declares `$name` of `type`; returns its slot (the number of variables declared before it).
  int AddVariable(std::string name, DataType type);
  // Declares `@name`; returns its slot (the number of lists declared before it).
  int AddList(std::string name);

  std::optional<VariableInfo> FindVariable(std::string_view name) const;
  std::optional<int> FindList(std::string_view name) const;

  int variable_count() const { return static_cast<int>(variables_.size()); }
  int list_count() const { return static_cast<int>(lists_.size()); }
  // Preconditions: 0 <= slot < the matching count.
  const std::string& variable_name(int slot) const { return variables_[slot].name; }
  DataType variable_type(int slot) const { return variables_[slot].type; }
  const std::string& list_name(int slot) const { return lists_[slot]; }

 private:
  struct Variable {
    std::string name;
    DataType type;
  };
  std::vector<Variable> variables_;
  std::vector<std::string> lists_;
  std::unordered_map<std::string, int> variable_slot_;
  std::unordered_map<std::string, int> list_slot_;
};

}  // namespace vigil::rules
