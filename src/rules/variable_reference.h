// Where a $variable is named in a rule's text; expression-with-values rendering replaces these
// spans with the variables' values.
#pragma once

#include <cstddef>

namespace vigil::rules {

struct VariableReference {
  size_t begin = 0;  // byte offset of '$'
  size_t end = 0;    // byte offset one past the name
  int slot = 0;
};

}  // namespace vigil::rules
