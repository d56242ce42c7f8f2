#include "ml/path_attribution.h"

#include <algorithm>
#include <cmath>

#include "ml/node_means.h"

namespace vigil::ml {

Result<PathAttribution> PathAttribution::Create(const EnsembleSpec& spec) {
  VIGIL_CHECK(TreeEnsemble::Create(spec));
  VIGIL_TRY(means, NodeMeans(spec));
  PathAttribution out;
  out.num_features_ = spec.num_features;
  out.bias_ = spec.base_margin;
  for (size_t t = 0; t < spec.trees.size(); ++t) {
    const int32_t base = static_cast<int32_t>(out.nodes_.size());
    out.roots_.push_back(base);
    out.bias_ += means[t][0];
    for (size_t i = 0; i < spec.trees[t].nodes.size(); ++i) {
      const NodeSpec& n = spec.trees[t].nodes[i];
      const bool leaf = n.left < 0;
      out.nodes_.push_back({leaf ? -1 : base + n.left, leaf ? -1 : base + n.right, n.feature,
                            n.threshold, n.default_left, means[t][i]});
    }
  }
  return out;
}

Status PathAttribution::Explain(std::span<const float> row, std::span<double> out) const {
  if (row.size() != num_features_ || out.size() != num_features_ + 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "explaining takes a row of " + std::to_string(num_features_) +
                    " values and room for " + std::to_string(num_features_ + 1) + "; given " +
                    std::to_string(row.size()) + " and " + std::to_string(out.size()),
                "row");
  }
  std::fill(out.begin(), out.end(), 0.0);
  for (int32_t index : roots_) {
    for (;;) {
      const Node& n = nodes_[static_cast<size_t>(index)];
      if (n.left < 0) break;
      const float x = row[n.feature];
      const bool left = std::isnan(x) ? n.default_left : x < n.threshold;
      const int32_t next = left ? n.left : n.right;
      out[n.feature] += nodes_[static_cast<size_t>(next)].mean - n.mean;
      index = next;
    }
  }
  out[num_features_] = bias_;
  return {};
}

}  // namespace vigil::ml
