// TreeEnsemble: an immutable, flat gradient-boosted tree ensemble for binary classification, and
// its fast single-row inference.
//
// A model is described by an EnsembleSpec (trees as node lists, the way XGBoost stores them) and
// checked once by TreeEnsemble::Create: a child out of range, a node reached twice (a cycle or a
// shared subtree), a feature index at or above num_features, a NaN threshold or a non-finite leaf
// value are refused with an error naming the tree and node. What Create accepts cannot crash or
// read out of bounds at predict time.
//
// Semantics are XGBoost's: at a split on feature f with threshold t, a row goes left when
// row[f] < t and right otherwise (a value equal to t goes right); a NaN value is missing and takes
// the node's default direction. The margin is base_margin plus the leaf values of every tree,
// summed in float in tree order, as XGBoost's CPU predictor sums them; the probability is the
// logistic sigmoid of the margin.
//
// Thread-safety: a TreeEnsemble is immutable after Create; every const method may be called from
// any number of threads at once. It owns all its memory (no reference to the spec is kept).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::ml {

// One node of a tree as given to Create. A leaf has left == right == -1 and uses leaf_value; a
// split has both children set (indices into the same tree's node list) and uses feature,
// threshold and default_left.
struct NodeSpec {
  int32_t left = -1;
  int32_t right = -1;
  uint32_t feature = 0;
  float threshold = 0;
  bool default_left = false;  // where a missing (NaN) value goes
  float leaf_value = 0;
  // The training rows' weight that reached the node (XGBoost's sum_hessian). Inference does not
  // read it; explanations (tree_shap.h) do.
  float cover = 0;
};

// One tree: nodes[0] is the root. Nodes no path from the root reaches (XGBoost keeps pruned
// nodes in its arrays) are allowed and ignored.
struct TreeSpec {
  std::vector<NodeSpec> nodes;
};

struct EnsembleSpec {
  std::vector<TreeSpec> trees;  // at least one
  float base_margin = 0;        // added to every prediction (XGBoost: logit of base_score)
  uint32_t num_features = 0;    // a row has exactly this many values; at least 1
  std::vector<std::string> feature_names;  // empty, or exactly num_features names
};

class TreeEnsemble {
 public:
  // Validates `spec` and lays it out for inference. Errors are kInvalidArgument; `field` names
  // the offending part, e.g. "trees[3].nodes[17].feature".
  static Result<TreeEnsemble> Create(const EnsembleSpec& spec);

  // The raw score of `row` (log-odds). `row` must hold num_features() values, NaN for missing;
  // another size is an error (nothing is read).
  Result<float> PredictMargin(std::span<const float> row) const;

  // sigmoid(PredictMargin(row)): the probability of the positive class.
  Result<float> PredictProbability(std::span<const float> row) const;

  size_t num_trees() const { return num_trees_; }
  uint32_t num_features() const { return num_features_; }
  float base_margin() const { return base_margin_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }

 private:
  // A node of the flat layout. The two children of a split are adjacent (right == left + 1), so a
  // step is `index = left + (value >= threshold)` with no branch. Missing values need no test of
  // their own: a row is read through two views, the values as given, where NaN >= t is false (NaN
  // goes left), and the same with NaN replaced by +infinity, where it is true (NaN goes right);
  // `value` indexes the view of the node's default direction. Both views agree with XGBoost's
  // `!(x < t)` on every number, infinities included. A leaf is a split that always goes left to
  // itself (threshold NaN, left = its own index), so every tree is walked for a fixed number of
  // steps, its depth, without testing for leaves.
  struct Node {
    float threshold;
    uint32_t value;    // feature index, plus num_features when missing values go right
    uint32_t left;     // absolute index in nodes_
    float leaf_value;  // 0 for splits
  };
  // Trees are walked in lockstep groups of kGroup, so that the CPU overlaps their independent
  // chains of loads; the last group is padded with an empty tree (a leaf of value 0).
  static constexpr size_t kGroup = 8;
  // Rows of up to this many features have their two views on the stack; wider ones on the heap.
  static constexpr size_t kStackFeatures = 256;

  TreeEnsemble() = default;
  // Appends the tree's nodes and root; returns its depth (0 for a single leaf).
  Result<uint32_t> AddTree(const TreeSpec& tree, size_t tree_index);
  // `views` holds 2 * num_features_ values: the row, then the row with NaN as +infinity.
  float Margin(const float* views) const;

  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;        // a multiple of kGroup, padded with node 0 (empty)
  std::vector<uint32_t> group_depth_;  // steps needed by each group: its deepest tree's depth
  size_t num_trees_ = 0;
  uint32_t num_features_ = 0;
  float base_margin_ = 0;
  std::vector<std::string> feature_names_;
};

}  // namespace vigil::ml
