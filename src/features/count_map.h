// CountMap: how many times each 64-bit value is present, in one flat open-addressing table
// (linear probing, deletion by backward shift: no tombstones). distinct_count keeps one per key
// and aggregate, so it must be small and cache-friendly: an empty map allocates nothing and a
// window of n distinct values costs 16 * 4n/3 to 16 * 8n/3 bytes (at most three quarters full).
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace vigil::features {

class CountMap {
 public:
  // Distinct values present (count > 0).
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  // How many times `value` is present (0 when absent).
  uint64_t Count(uint64_t value) const;
  void Increment(uint64_t value);
  // Precondition: the value is present.
  void Decrement(uint64_t value);
  // Brings the value's home slot toward the cache (a hint, for a caller about to count it).
  void Prefetch(uint64_t value) const {
    if (capacity_ != 0) __builtin_prefetch(&slots_[Home(value)]);
  }

 private:
  struct Slot {
    uint64_t value = 0;
    uint64_t count = 0;  // 0: the slot is free
  };
  size_t Home(uint64_t value) const;
  void Resize(size_t capacity);

  std::unique_ptr<Slot[]> slots_;
  size_t capacity_ = 0;  // 0 or a power of two, at least 4/3 of size_
  size_t size_ = 0;
};

}  // namespace vigil::features
