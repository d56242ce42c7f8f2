#include "features/count_map.h"

namespace vigil::features {

namespace {
constexpr size_t kMinCapacity = 8;
}  // namespace

size_t CountMap::Home(uint64_t value) const {
  // The values are hashes already, but callers' hashes may be weak in their low bits: mix.
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  return static_cast<size_t>(value) & (capacity_ - 1);
}

uint64_t CountMap::Count(uint64_t value) const {
  if (capacity_ == 0) return 0;
  for (size_t i = Home(value);; i = (i + 1) & (capacity_ - 1)) {
    if (slots_[i].count == 0) return 0;
    if (slots_[i].value == value) return slots_[i].count;
  }
}

void CountMap::Increment(uint64_t value) {
  if (4 * (size_ + 1) > 3 * capacity_) Resize(capacity_ == 0 ? kMinCapacity : 2 * capacity_);
  for (size_t i = Home(value);; i = (i + 1) & (capacity_ - 1)) {
    Slot& slot = slots_[i];
    if (slot.count == 0) {
      slot = {value, 1};
      ++size_;
      return;
    }
    if (slot.value == value) {
      ++slot.count;
      return;
    }
  }
}

void CountMap::Decrement(uint64_t value) {
  const size_t mask = capacity_ - 1;
  size_t i = Home(value);
  while (slots_[i].value != value || slots_[i].count == 0) i = (i + 1) & mask;
  if (--slots_[i].count > 0) return;
  --size_;
  // Backward-shift deletion: pull later members of the probe run into the hole.
  for (size_t hole = i, j = (i + 1) & mask; slots_[j].count != 0; j = (j + 1) & mask) {
    const size_t home = Home(slots_[j].value);
    // j may move to the hole when its home is not in (hole, j] (cyclically).
    const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    slots_[j].count = 0;
    hole = j;
  }
  if (size_ == 0) {
    *this = CountMap();
  } else if (capacity_ > kMinCapacity && 8 * size_ <= capacity_) {
    Resize(capacity_ / 2);
  }
}

void CountMap::Resize(size_t capacity) {
  std::unique_ptr<Slot[]> old = std::move(slots_);
  const size_t old_capacity = capacity_;
  slots_ = std::make_unique<Slot[]>(capacity);
  capacity_ = capacity;
  size_ = 0;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i].count == 0) continue;
    for (size_t k = Home(old[i].value);; k = (k + 1) & (capacity_ - 1)) {
      if (slots_[k].count == 0) {
        slots_[k] = old[i];
        ++size_;
        break;
      }
    }
  }
}

}  // namespace vigil::features
