// Test and benchmark helper: synthetic fraud-like data for training and scoring. Features are in
// [-1, 1], some rounded to quarters (so that many values sit exactly on split thresholds), some
// missing (NaN); the label follows a nonlinear rule with noise. The same seed gives the same data
// on every platform (no std distributions).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "ml/feature_matrix.h"

namespace vigil::ml::testing {

struct SyntheticData {
  std::vector<float> values;  // row-major
  std::vector<float> labels;
  size_t num_rows = 0;
  size_t num_features = 0;

  FeatureMatrix matrix() const { return FeatureMatrix{values, num_rows, num_features}; }
};

// `missing` is the fraction of values that are NaN (feature 0 is never missing).
inline SyntheticData MakeSyntheticData(size_t rows, size_t features, uint64_t seed,
                                       double missing = 0.05) {
  std::mt19937_64 random(seed);
  auto uniform = [&] { return static_cast<double>(random() >> 11) * 0x1p-53; };  // [0, 1)
  SyntheticData data;
  data.num_rows = rows;
  data.num_features = features;
  data.values.resize(rows * features);
  data.labels.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    float* row = &data.values[r * features];
    for (size_t f = 0; f < features; ++f) {
      double x = 2 * uniform() - 1;
      if (f % 3 == 1) x = std::round(x * 4) / 4;  // quarters: ties at thresholds
      row[f] = f > 0 && uniform() < missing ? std::numeric_limits<float>::quiet_NaN()
                                            : static_cast<float>(x);
    }
    auto at = [&](size_t f) { return f < features && !std::isnan(row[f]) ? row[f] : 0.0; };
    const double logit = 3 * at(0) * at(1) + 2 * std::sin(3 * at(2)) + (at(3) > 0.5 ? 1.5 : -0.5) +
                         (features > 4 && std::isnan(row[4]) ? 1.0 : at(4)) - 1.0;
    data.labels[r] = uniform() < 1 / (1 + std::exp(-logit)) ? 1.0f : 0.0f;
  }
  return data;
}

}  // namespace vigil::ml::testing
