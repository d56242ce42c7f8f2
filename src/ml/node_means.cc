#include "ml/node_means.h"

namespace vigil::ml {

namespace {

// Fills means[node] for the subtree at `node`; returns it.
Result<double> Fill(const TreeSpec& tree, size_t t, int node, std::vector<double>& means) {
  const NodeSpec& n = tree.nodes[static_cast<size_t>(node)];
  if (!(n.cover > 0)) {
    const std::string where =
        "trees[" + std::to_string(t) + "].nodes[" + std::to_string(node) + "]";
    return Fail(ErrorCode::kInvalidArgument,
                where +
                    " has no cover (training weight): explanations need the model's "
                    "sum_hessian",
                where + ".cover");
  }
  double mean = n.leaf_value;
  if (n.left >= 0) {
    VIGIL_TRY(left, Fill(tree, t, n.left, means));
    VIGIL_TRY(right, Fill(tree, t, n.right, means));
    const double left_cover = tree.nodes[static_cast<size_t>(n.left)].cover;
    const double right_cover = tree.nodes[static_cast<size_t>(n.right)].cover;
    mean = (left_cover * left + right_cover * right) / n.cover;
  }
  means[static_cast<size_t>(node)] = mean;
  return mean;
}

}  // namespace

Result<std::vector<std::vector<double>>> NodeMeans(const EnsembleSpec& spec) {
  std::vector<std::vector<double>> means;
  for (size_t t = 0; t < spec.trees.size(); ++t) {
    means.emplace_back(spec.trees[t].nodes.size(), 0.0);
    VIGIL_CHECK(Fill(spec.trees[t], t, 0, means.back()));
  }
  return means;
}

}  // namespace vigil::ml
