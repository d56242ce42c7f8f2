// A histogram of latencies in nanoseconds with bounded memory and bounded relative error, in the
// manner of an HDR histogram: values below 256 are counted exactly; above, each power of two is
// split into 128 equal buckets, so a bucket is at most 1/128 of its values wide. Percentile()
// answers with the bucket's middle, within 0.4% of the exact percentile (1/256), clamped to the
// exact minimum and maximum, which are kept apart.
//
// Not thread-safe: give each thread its own and Merge() them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::loadgen {

class LatencyHistogram {
 public:
  LatencyHistogram();

  // Counts one value; a negative one counts as 0.
  void Record(int64_t nanos);
  // Adds every value counted by `other`.
  void Merge(const LatencyHistogram& other);

  uint64_t Count() const { return count_; }
  // 0 when empty.
  int64_t Min() const { return count_ ? min_ : 0; }
  int64_t Max() const { return max_; }

  // The value at `percent` (0..100): the smallest counted value v such that at least percent% of
  // the values are <= v, within the relative error above. Percentile(100) is Max() exactly,
  // Percentile(0) is Min(). 0 when empty.
  int64_t Percentile(double percent) const;

 private:
  static constexpr int kSubBits = 7;  // 2^7 = 128 buckets per power of two
  static size_t Index(uint64_t value);
  // The middle of the values that map to `index`.
  static int64_t Middle(size_t index);

  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace vigil::loadgen
