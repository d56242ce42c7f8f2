// Target encoding of a categorical input (a merchant category, an e-mail domain, an address
// prefix): each value stands for its smoothed fraud rate in the training data,
//   (frauds with the value + smoothing × overall rate) / (events with the value + smoothing),
// so a value seen a few times sits near the overall rate and a frequent one near its own. Values
// seen fewer than `min_events` times, and values never seen, read as the overall rate.
//
// Training rows must not see their own label through it (the model would learn to trust the
// encoding more than it deserves): EncodeTrainingRow gives each training row the encoding fitted
// without the rows of its fold (one of `folds`, by row index).
//
// Immutable once fitted; const members are thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace vigil::ml {

struct TargetEncodingOptions {
  double smoothing = 20;        // pseudo-events at the overall rate. Default: 20.
  uint32_t min_events = 5;      // rarer values read as the overall rate. Default: 5.
  uint32_t folds = 5;           // out-of-fold encoding of the training rows. Default: 5.
  size_t max_values = 100'000;  // the most frequent values kept for serving. Default: 100,000.
};

class TargetEncoding {
 public:
  // `keys[i]` is row i's value (empty: none, read as the overall rate); `fraud[i]` its label.
  // Precondition: equal sizes.
  static TargetEncoding Fit(std::span<const std::string> keys, std::span<const bool> fraud,
                            const TargetEncodingOptions& options = {});

  // The encoding of a value at serving (or for validation rows, which were not fitted on).
  double Encode(std::string_view key) const;
  // The encoding of training row `row` (the same row index and key as given to Fit).
  double EncodeTrainingRow(size_t row, std::string_view key) const;

  double overall_rate() const { return overall_rate_; }
  size_t values() const { return rates_.size(); }

  // {"overall_rate", "values": {key: rate}}: what serving needs (no fold counts).
  boost::json::object ToJson() const;
  static Result<TargetEncoding> FromJson(const boost::json::value& json);

 private:
  struct Counts {
    std::vector<uint32_t> events, frauds;  // per fold
    uint32_t total_events = 0, total_frauds = 0;
  };
  double Smoothed(double frauds, double events, double prior) const;

  TargetEncodingOptions options_;
  double overall_rate_ = 0;
  std::unordered_map<std::string, double> rates_;  // serving
  // Training only (empty after FromJson).
  std::unordered_map<std::string, Counts> counts_;
  std::vector<uint32_t> fold_events_, fold_frauds_;
  uint32_t events_ = 0, frauds_ = 0;
};

}  // namespace vigil::ml
