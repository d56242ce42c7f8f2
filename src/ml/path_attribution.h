// PathAttribution: fast per-event feature contributions of a tree ensemble's margin, by Saabas's
// method (XGBoost's approx_contribs): along the row's path through each tree, every split
// credits its feature with the change of expected value (node_means.h) from the node to the
// child the row takes. O(trees × depth) per row and no allocation: cheap enough to explain every
// decision. Like TreeShap, bias + Σ contributions == the margin; unlike it, the credit depends
// on the order of the splits, so use TreeShap where an exact attribution matters.
//
// Immutable once created; Explain is const and thread-safe.
#pragma once

#include <span>
#include <vector>

#include "core/result.h"
#include "ml/tree_ensemble.h"

namespace vigil::ml {

class PathAttribution {
 public:
  // Refuses what TreeEnsemble::Create and NodeMeans refuse.
  static Result<PathAttribution> Create(const EnsembleSpec& spec);

  // Writes num_features contributions and then the bias into `out` (num_features + 1 values).
  // `row` holds num_features values, NaN for missing. Wrong sizes are an error, nothing written.
  Status Explain(std::span<const float> row, std::span<double> out) const;

  uint32_t num_features() const { return num_features_; }

 private:
  struct Node {
    int32_t left = -1, right = -1;  // absolute indices into nodes_; -1 for a leaf
    uint32_t feature = 0;
    float threshold = 0;
    bool default_left = false;
    double mean = 0;  // expected value of the subtree
  };
  PathAttribution() = default;
  std::vector<Node> nodes_;
  std::vector<int32_t> roots_;
  uint32_t num_features_ = 0;
  double bias_ = 0;
};

}  // namespace vigil::ml
