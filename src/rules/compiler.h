// Compiler: bound tree -> Code (code.h). Picks the typed instruction for every node, fuses the
// common shapes ($var op constant, $string_var in @list), builds literal sets for `in [...]`,
// and folds every subtree that depends on no variable, list or clock into a constant, using the
// evaluator itself so that folding can never disagree with evaluation. Cannot fail: the binder
// has already rejected everything that does not type-check.
#pragma once

#include <memory>

#include "rules/bound_tree.h"
#include "rules/code.h"

namespace vigil::rules {

std::unique_ptr<const Code> Lower(const BoundTree& tree);

}  // namespace vigil::rules
