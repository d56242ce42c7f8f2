// KeyTable<T>: a hash table from a string key to a T held inline in the table's own array
// (open addressing, linear probing, deletion by backward shift: no tombstones). The windows keep
// a key's state (its clock and where its log and state block lie) in its slot, so that finding a
// key costs one cache miss, not the bucket, the node and the state that std::unordered_map would
// make three.
//
// The caller hashes the key (Hash) and passes the hash along. Slots move when the table grows,
// shrinks or erases: a T* is valid until the next insertion or erasure. T must be
// default-constructible and movable; a default-constructed T owns nothing. The table keeps its
// load at most a half.
// Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::features {

template <typename T>
class KeyTable {
 public:
  static size_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  size_t slot_bytes() const { return sizeof(Slot); }

  // The key's value, or null when it is absent.
  T* Find(std::string_view key, size_t hash) {
    if (capacity_ == 0) return nullptr;
    const size_t tag = Tag(hash);
    for (size_t i = Home(tag);; i = Next(i)) {
      Slot& slot = slots_[i];
      if (slot.tag == 0) return nullptr;
      if (slot.tag == tag && slot.key == key) return &slot.value;
    }
  }

  // The key's value, inserting a default-constructed T when the key is absent; `inserted` says
  // which.
  T& FindOrInsert(std::string_view key, size_t hash, bool& inserted) {
    if (2 * (size_ + 1) > capacity_) Resize(capacity_ == 0 ? kMinCapacity : 2 * capacity_);
    const size_t tag = Tag(hash);
    for (size_t i = Home(tag);; i = Next(i)) {
      Slot& slot = slots_[i];
      if (slot.tag == 0) {
        slot.tag = tag;
        slot.key = std::string(key);
        ++size_;
        inserted = true;
        return slot.value;
      }
      if (slot.tag == tag && slot.key == key) {
        inserted = false;
        return slot.value;
      }
    }
  }

  // Erases every key whose value satisfies `erase(const T&)`, then shrinks the array when at
  // most an eighth of it is in use. O(capacity).
  template <typename Predicate>
  void EraseIf(Predicate erase) {
    // An erasure pulls later members of the probe run back into slot i: look at it again. Only
    // slots already kept (from the run's wrapped start) can come back to be looked at twice.
    for (size_t i = 0; i < capacity_;) {
      if (slots_[i].tag != 0 && erase(std::as_const(slots_[i].value))) {
        EraseAt(i);
      } else {
        ++i;
      }
    }
    if (size_ == 0) {
      *this = KeyTable();
    } else if (capacity_ > kMinCapacity && 8 * size_ <= capacity_) {
      Resize(std::max(kMinCapacity, capacity_ / 4));
    }
  }

  // Calls visit(key, const T&) for every key, in no particular order.
  template <typename Visitor>
  void ForEach(Visitor visit) const {
    for (size_t i = 0; i < capacity_; ++i) {
      if (slots_[i].tag != 0) visit(std::string_view(slots_[i].key), slots_[i].value);
    }
  }

 private:
  static constexpr size_t kMinCapacity = 16;

  struct Slot {
    size_t tag = 0;  // the key's hash with its lowest bit set; 0: the slot is free
    std::string key;
    T value;
  };

  static size_t Tag(size_t hash) { return hash | 1; }
  size_t Home(size_t tag) const { return (tag >> 1) & (capacity_ - 1); }
  size_t Next(size_t i) const { return (i + 1) & (capacity_ - 1); }

  void EraseAt(size_t i) {
    --size_;
    // Backward shift: pull later members of the probe run into the hole, each one that may
    // move there (its home is not in (hole, j], cyclically).
    size_t hole = i;
    for (size_t j = Next(i); slots_[j].tag != 0; j = Next(j)) {
      const size_t home = Home(slots_[j].tag);
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      slots_[hole] = std::move(slots_[j]);
      hole = j;
    }
    slots_[hole] = Slot();
  }

  void Resize(size_t capacity) {
    std::unique_ptr<Slot[]> old = std::move(slots_);
    const size_t old_capacity = capacity_;
    slots_ = std::make_unique<Slot[]>(capacity);
    capacity_ = capacity;
    for (size_t i = 0; i < old_capacity; ++i) {
      if (old[i].tag == 0) continue;
      size_t k = Home(old[i].tag);
      while (slots_[k].tag != 0) k = Next(k);
      slots_[k] = std::move(old[i]);
    }
  }

  std::unique_ptr<Slot[]> slots_;
  size_t capacity_ = 0;  // 0 or a power of two, at least twice size_
  size_t size_ = 0;
};

}  // namespace vigil::features
