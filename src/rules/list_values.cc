#include "rules/list_values.h"

namespace vigil::rules {

ListValues::ListValues(std::vector<std::string> elements) {
  elements_.reserve(elements.size());
  for (auto& element : elements) elements_.insert(std::move(element));
}

}  // namespace vigil::rules
