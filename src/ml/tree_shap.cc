#include "ml/tree_shap.h"

#include <algorithm>
#include <cmath>

#include "ml/node_means.h"

namespace vigil::ml {

namespace {

bool IsLeaf(const NodeSpec& node) { return node.left < 0; }

int Depth(const TreeSpec& tree, int node) {
  const NodeSpec& n = tree.nodes[static_cast<size_t>(node)];
  return IsLeaf(n) ? 0 : 1 + std::max(Depth(tree, n.left), Depth(tree, n.right));
}

}  // namespace

Result<TreeShap> TreeShap::Create(const EnsembleSpec& spec) {
  VIGIL_CHECK(TreeEnsemble::Create(spec));  // the same structural checks as inference
  TreeShap shap;
  shap.trees_ = spec.trees;
  shap.num_features_ = spec.num_features;
  shap.bias_ = spec.base_margin;
  VIGIL_TRY(means, NodeMeans(spec));
  for (size_t t = 0; t < spec.trees.size(); ++t) {
    shap.bias_ += means[t][0];
    // Each level's path holds one element more than its parent's, from 1 at the root.
    const size_t levels = static_cast<size_t>(Depth(spec.trees[t], 0)) + 2;
    shap.path_buffer_size_ = std::max(shap.path_buffer_size_, levels * (levels + 1) / 2);
  }
  return shap;
}

Result<std::vector<double>> TreeShap::Explain(std::span<const float> row) const {
  if (row.size() != num_features_) {
    return Fail(ErrorCode::kInvalidArgument,
                "the row has " + std::to_string(row.size()) + " values; the model takes " +
                    std::to_string(num_features_) + " features",
                "row");
  }
  std::vector<double> phi(num_features_ + 1, 0.0);
  std::vector<PathElement> buffer(path_buffer_size_);
  for (const TreeSpec& tree : trees_) Recurse(tree, 0, row, buffer.data(), 0, 1, 1, -1, phi);
  phi[num_features_] = bias_;
  return phi;
}

// The algorithm's EXTEND, UNWIND and UNWOUND_SUM (0-based: `path` holds depth + 1 elements, the
// first a placeholder for the root).
namespace {

template <typename Path>
void Extend(Path& path, int depth, double zero_fraction, double one_fraction, int feature) {
  path[depth] = {feature, zero_fraction, one_fraction, depth == 0 ? 1.0 : 0.0};
  for (int i = depth - 1; i >= 0; --i) {
    path[i + 1].weight += one_fraction * path[i].weight * (i + 1) / (depth + 1);
    path[i].weight = zero_fraction * path[i].weight * (depth - i) / (depth + 1);
  }
}

template <typename Path>
void Unwind(Path& path, int depth, int index) {
  const double one = path[index].one_fraction, zero = path[index].zero_fraction;
  double next = path[depth].weight;
  for (int j = depth - 1; j >= 0; --j) {
    if (one != 0) {
      const double kept = path[j].weight;
      path[j].weight = next * (depth + 1) / ((j + 1) * one);
      next = kept - path[j].weight * zero * (depth - j) / (depth + 1);
    } else {
      path[j].weight = path[j].weight * (depth + 1) / (zero * (depth - j));
    }
  }
  for (int j = index; j < depth; ++j) {
    path[j].feature = path[j + 1].feature;
    path[j].zero_fraction = path[j + 1].zero_fraction;
    path[j].one_fraction = path[j + 1].one_fraction;
  }
}

template <typename Path>
double UnwoundSum(const Path& path, int depth, int index) {
  const double one = path[index].one_fraction, zero = path[index].zero_fraction;
  double next = path[depth].weight, total = 0;
  for (int j = depth - 1; j >= 0; --j) {
    if (one != 0) {
      const double w = next * (depth + 1) / ((j + 1) * one);
      total += w;
      next = path[j].weight - w * zero * (depth - j) / (depth + 1);
    } else {
      total += path[j].weight * (depth + 1) / (zero * (depth - j));
    }
  }
  return total;
}

}  // namespace

void TreeShap::Recurse(const TreeSpec& tree, int node, std::span<const float> row,
                       PathElement* parent, int depth, double zero_fraction, double one_fraction,
                       int feature, std::vector<double>& phi) const {
  PathElement* path = parent + depth + 1;
  std::copy(parent, parent + depth + 1, path);
  Extend(path, depth, zero_fraction, one_fraction, feature);
  const NodeSpec& n = tree.nodes[static_cast<size_t>(node)];
  if (IsLeaf(n)) {
    for (int i = 1; i <= depth; ++i) {
      const PathElement& e = path[i];
      phi[static_cast<size_t>(e.feature)] +=
          UnwoundSum(path, depth, i) * (e.one_fraction - e.zero_fraction) * n.leaf_value;
    }
    return;
  }
  const float x = row[n.feature];
  const bool goes_left = std::isnan(x) ? n.default_left : x < n.threshold;
  const int hot = goes_left ? n.left : n.right;
  const int cold = goes_left ? n.right : n.left;
  double incoming_zero = 1, incoming_one = 1;
  // A feature met again on the path: its earlier element is taken out and its fractions carried.
  for (int k = 1; k <= depth; ++k) {
    if (path[k].feature != static_cast<int>(n.feature)) continue;
    incoming_zero = path[k].zero_fraction;
    incoming_one = path[k].one_fraction;
    Unwind(path, depth, k);
    --depth;
    break;
  }
  const double cover = n.cover;
  const int split = static_cast<int>(n.feature);
  Recurse(tree, hot, row, path, depth + 1,
          incoming_zero * tree.nodes[static_cast<size_t>(hot)].cover / cover, incoming_one, split,
          phi);
  Recurse(tree, cold, row, path, depth + 1,
          incoming_zero * tree.nodes[static_cast<size_t>(cold)].cover / cover, 0, split, phi);
}

}  // namespace vigil::ml
