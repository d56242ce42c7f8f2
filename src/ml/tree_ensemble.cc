#include "ml/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::ml {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInfinity = std::numeric_limits<float>::infinity();

std::string NodePath(size_t tree, size_t node) {
  return "trees[" + std::to_string(tree) + "].nodes[" + std::to_string(node) + "]";
}

}  // namespace

Result<TreeEnsemble> TreeEnsemble::Create(const EnsembleSpec& spec) {
  if (spec.num_features == 0 || spec.num_features >= (1u << 31)) {
    return Fail(ErrorCode::kInvalidArgument,
                "num_features is " + std::to_string(spec.num_features) +
                    ": a model needs at least 1 feature and fewer than 2^31",
                "num_features");
  }
  if (!spec.feature_names.empty() && spec.feature_names.size() != spec.num_features) {
    return Fail(ErrorCode::kInvalidArgument,
                std::to_string(spec.feature_names.size()) + " feature names for " +
                    std::to_string(spec.num_features) + " features",
                "feature_names");
  }
  if (spec.trees.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a model needs at least one tree", "trees");
  }
  if (!std::isfinite(spec.base_margin)) {
    return Fail(ErrorCode::kInvalidArgument, "base_margin is not a finite number", "base_margin");
  }
  TreeEnsemble ensemble;
  ensemble.num_features_ = spec.num_features;
  ensemble.base_margin_ = spec.base_margin;
  ensemble.feature_names_ = spec.feature_names;
  ensemble.num_trees_ = spec.trees.size();
  // Node 0 is the empty tree that pads the last group: a leaf of value 0.
  ensemble.nodes_.push_back(Node{kNaN, 0, 0, 0.0f});
  std::vector<uint32_t> depths;
  for (size_t t = 0; t < spec.trees.size(); ++t) {
    VIGIL_TRY(depth, ensemble.AddTree(spec.trees[t], t));
    depths.push_back(depth);
  }
  while (ensemble.roots_.size() % kGroup != 0) {
    ensemble.roots_.push_back(0);
    depths.push_back(0);
  }
  for (size_t g = 0; g < depths.size(); g += kGroup) {
    ensemble.group_depth_.push_back(
        *std::max_element(depths.begin() + static_cast<ptrdiff_t>(g),
                          depths.begin() + static_cast<ptrdiff_t>(g + kGroup)));
  }
  return ensemble;
}

// Lays the tree out breadth-first from its root, giving the two children of each split adjacent
// slots. Each reachable node is visited once; one reached a second time means the node lists
// describe a cycle or a shared subtree, not a tree.
Result<uint32_t> TreeEnsemble::AddTree(const TreeSpec& tree, size_t tree_index) {
  const size_t size = tree.nodes.size();
  auto fail = [&](size_t node, const std::string& member, const std::string& why) {
    const std::string path = NodePath(tree_index, node);
    return Fail(ErrorCode::kInvalidArgument, path + ": " + why,
                member.empty() ? path : path + "." + member);
  };
  if (size == 0) {
    const std::string path = "trees[" + std::to_string(tree_index) + "]";
    return Fail(ErrorCode::kInvalidArgument, path + " has no nodes", path + ".nodes");
  }
  if (nodes_.size() + 2 * size > std::numeric_limits<uint32_t>::max()) {
    return Fail(ErrorCode::kInvalidArgument, "the model has more than 2^32 nodes", "trees");
  }
  struct Pending {
    size_t spec;    // index in tree.nodes
    uint32_t flat;  // index in nodes_
    uint32_t depth;
  };
  std::vector<uint8_t> reached(size, 0);
  std::vector<Pending> queue{{0, static_cast<uint32_t>(nodes_.size()), 0}};
  reached[0] = 1;
  roots_.push_back(static_cast<uint32_t>(nodes_.size()));
  nodes_.emplace_back();
  uint32_t depth = 0;
  for (size_t next = 0; next < queue.size(); ++next) {
    const Pending at = queue[next];
    const NodeSpec& node = tree.nodes[at.spec];
    if (node.left == -1 && node.right == -1) {
      if (!std::isfinite(node.leaf_value)) {
        return fail(at.spec, "leaf_value", "the leaf value is not a finite number");
      }
      nodes_[at.flat] = Node{kNaN, 0, at.flat, node.leaf_value};
      depth = std::max(depth, at.depth);
      continue;
    }
    for (const auto& [child, member] : {std::pair{node.left, "left"}, {node.right, "right"}}) {
      if (child < 0 || static_cast<size_t>(child) >= size) {
        return fail(at.spec, member,
                    std::string(member) + " child " + std::to_string(child) +
                        " is out of range: the tree has " + std::to_string(size) +
                        " nodes (a leaf has -1 for both children)");
      }
      if (reached[static_cast<size_t>(child)]++) {
        return fail(at.spec, member,
                    std::string(member) + " child " + std::to_string(child) +
                        " is reached twice: the nodes form a cycle or share a subtree");
      }
    }
    if (node.feature >= num_features_) {
      return fail(at.spec, "feature",
                  "feature index " + std::to_string(node.feature) +
                      " is out of range: the model has " + std::to_string(num_features_) +
                      " features");
    }
    if (std::isnan(node.threshold)) {
      return fail(at.spec, "threshold", "the split threshold is NaN");
    }
    const auto left = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
    nodes_.emplace_back();
    nodes_[at.flat] =
        Node{node.threshold, node.feature + (node.default_left ? 0 : num_features_), left, 0};
    queue.push_back({static_cast<size_t>(node.left), left, at.depth + 1});
    queue.push_back({static_cast<size_t>(node.right), left + 1, at.depth + 1});
  }
  return depth;
}

float TreeEnsemble::Margin(const float* views) const {
  const Node* nodes = nodes_.data();
  const uint32_t* roots = roots_.data();
  float margin = base_margin_;
  for (const uint32_t steps : group_depth_) {
    uint32_t at[kGroup];
    std::copy(roots, roots + kGroup, at);
    for (uint32_t step = 0; step < steps; ++step) {
#pragma GCC unroll 8
      for (size_t k = 0; k < kGroup; ++k) {
        const Node& node = nodes[at[k]];
        at[k] = node.left + static_cast<uint32_t>(views[node.value] >= node.threshold);
      }
    }
    // Added in tree order, so that the float sum is XGBoost's to the last bit.
#pragma GCC unroll 8
    for (size_t k = 0; k < kGroup; ++k) margin += nodes[at[k]].leaf_value;
    roots += kGroup;
  }
  return margin;
}

Result<float> TreeEnsemble::PredictMargin(std::span<const float> row) const {
  if (row.size() != num_features_) {
    return Fail(ErrorCode::kInvalidArgument,
                "the row has " + std::to_string(row.size()) + " values; the model takes " +
                    std::to_string(num_features_) + " features",
                "row");
  }
  auto fill = [&](float* views) {
    std::copy(row.begin(), row.end(), views);
    std::transform(row.begin(), row.end(), views + row.size(),
                   [](float x) { return std::isnan(x) ? kInfinity : x; });
    return Margin(views);
  };
  if (row.size() <= kStackFeatures) {
    float views[2 * kStackFeatures];
    return fill(views);
  }
  std::vector<float> views(2 * row.size());
  return fill(views.data());
}

Result<float> TreeEnsemble::PredictProbability(std::span<const float> row) const {
  VIGIL_TRY(margin, PredictMargin(row));
  return 1.0f / (1.0f + std::exp(-margin));
}

}  // namespace vigil::ml
