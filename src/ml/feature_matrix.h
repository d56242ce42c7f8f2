// FeatureMatrix: a dense, row-major matrix of feature values borrowed from the caller, the input
// of training and of batch prediction. NaN is a missing value.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "core/result.h"

namespace vigil::ml {

struct FeatureMatrix {
  std::span<const float> values;  // num_rows * num_features values, row after row
  size_t num_rows = 0;
  size_t num_features = 0;

  std::span<const float> row(size_t i) const {
    return values.subspan(i * num_features, num_features);
  }

  // Fails unless the matrix has at least one row and one feature and values holds exactly
  // num_rows * num_features floats.
  Status CheckShape() const {
    if (num_rows == 0 || num_features == 0 || values.size() / num_rows != num_features ||
        values.size() % num_rows != 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the feature matrix has " + std::to_string(values.size()) + " values for " +
                      std::to_string(num_rows) + " rows of " + std::to_string(num_features) +
                      " features (both must be at least 1)",
                  "features");
    }
    return {};
  }
};

}  // namespace vigil::ml
