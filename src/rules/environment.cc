#include "rules/environment.h"

namespace vigil::rules {

int Environment::AddVariable(std::string name, DataType type) {
  const int slot = variable_count();
  variable_slot_.try_emplace(name, slot);  // keeps the first declaration of a name
  variables_.push_back(Variable{std::move(name), type});
  return slot;
}

int Environment::AddList(std::string name) {
  const int slot = list_count();
  list_slot_.try_emplace(name, slot);
  lists_.push_back(std::move(name));
  return slot;
}

std::optional<VariableInfo> Environment::FindVariable(std::string_view name) const {
  // Compile-time only, so a temporary key string is fine here.
  auto it = variable_slot_.find(std::string(name));
  if (it == variable_slot_.end()) return std::nullopt;
  return VariableInfo{it->second, variables_[it->second].type};
}

std::optional<int> Environment::FindList(std::string_view name) const {
  auto it = list_slot_.find(std::string(name));
  if (it == list_slot_.end()) return std::nullopt;
  return it->second;
}

}  // namespace vigil::rules
