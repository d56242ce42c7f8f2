#include "latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace vigil::loadgen {
namespace {

constexpr uint64_t kSubBuckets = uint64_t{1} << 7;

// The bucket of `value` is (shift, value >> shift): shift 0 for values below 2 * kSubBuckets
// (exact), otherwise the shift that leaves value >> shift in [kSubBuckets, 2 * kSubBuckets).
int Shift(uint64_t value) {
  const int top = std::bit_width(value) - 1;  // the highest set bit, -1 for 0
  return std::max(0, top - 7);
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(Index(UINT64_MAX >> 1) + 1, 0) {}

size_t LatencyHistogram::Index(uint64_t value) {
  const int shift = Shift(value);
  // shift 0 uses indices 0..255; each further shift adds kSubBuckets indices, as its values
  // >> shift run over [128, 256).
  return (static_cast<size_t>(shift) << kSubBits) + static_cast<size_t>(value >> shift);
}

int64_t LatencyHistogram::Middle(size_t index) {
  if (index < 2 * kSubBuckets) return static_cast<int64_t>(index);
  const size_t shift = (index >> kSubBits) - 1;
  const uint64_t sub = index - (shift << kSubBits);  // in [128, 256)
  const uint64_t low = sub << shift;
  const uint64_t width = uint64_t{1} << shift;
  return static_cast<int64_t>(low + (width - 1) / 2);
}

void LatencyHistogram::Record(int64_t nanos) {
  if (nanos < 0) nanos = 0;
  ++counts_[Index(static_cast<uint64_t>(nanos))];
  if (count_ == 0 || nanos < min_) min_ = nanos;
  if (nanos > max_) max_ = nanos;
  ++count_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
}

int64_t LatencyHistogram::Percentile(double percent) const {
  if (count_ == 0) return 0;
  if (!(percent < 100)) return max_;  // also NaN
  if (percent <= 0) return min_;
  // The rank of the answer among the sorted values, 1-based.
  const auto rank = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::ceil(percent / 100 * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(Middle(i), min_, max_);
  }
  return max_;
}

}  // namespace vigil::loadgen
