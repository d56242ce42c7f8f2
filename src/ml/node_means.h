// What explanations of a tree ensemble start from: each node's expected value, the mean of the
// leaves under it weighted by their covers (the training weight that reached them). Covers come
// from the model (XGBoost's sum_hessian); an explanation cannot be computed without them.
#pragma once

#include <vector>

#include "core/result.h"
#include "ml/tree_ensemble.h"

namespace vigil::ml {

// Per tree, per node (indices as in the spec): the node's expected value. Nodes no path from the
// root reaches get 0. Refuses, naming "trees[t].nodes[n].cover", a reachable node whose cover
// is not positive. Precondition: TreeEnsemble::Create accepts `spec`.
Result<std::vector<std::vector<double>>> NodeMeans(const EnsembleSpec& spec);

}  // namespace vigil::ml
