// StateBlock: the running state of one key's aggregates in a single allocation, each state the
// size its function needs (a count 8 bytes, a compensated sum 24), so that an event touches a
// few cache lines of its key rather than one fixed-size record per aggregate.
//
// The block holds, in order: `queues` monotonic queues (min/max: each element an entry's index
// and its value, so that comparing and reading need not look the entry up), `tables` CountMaps
// (distinct_count), then `plain_bytes` bytes of trivially copyable and destructible states that
// the owner places at offsets of its choosing (Place, at). The queues and tables own memory and
// the block destroys them; a default-constructed block owns nothing.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

#include "features/count_map.h"
#include "features/ring_buffer.h"

namespace vigil::features {

class StateBlock {
 public:
  struct Indexed {
    int64_t index = 0;
    double value = 0;
  };
  using Queue = RingBuffer<Indexed>;

  StateBlock() = default;
  StateBlock(size_t queues, size_t tables, size_t plain_bytes)
      : bytes_(new std::byte[Bytes(queues, tables, plain_bytes)]),
        queues_(static_cast<uint32_t>(queues)),
        tables_(static_cast<uint32_t>(tables)) {
    for (size_t q = 0; q < queues_; ++q) new (bytes_.get() + QueueOffset(q)) Queue();
    for (size_t t = 0; t < tables_; ++t) new (bytes_.get() + TableOffset(t)) CountMap();
  }
  StateBlock(StateBlock&& other) noexcept { *this = std::move(other); }
  StateBlock& operator=(StateBlock&& other) noexcept {
    if (this != &other) {
      Destroy();
      bytes_ = std::move(other.bytes_);
      queues_ = other.queues_;
      tables_ = other.tables_;
      other.queues_ = other.tables_ = 0;
    }
    return *this;
  }
  ~StateBlock() { Destroy(); }

  // What a block of these sizes allocates.
  static size_t Bytes(size_t queues, size_t tables, size_t plain_bytes) {
    return queues * sizeof(Queue) + tables * sizeof(CountMap) + plain_bytes;
  }

  Queue& queue(size_t q) {
    return *std::launder(reinterpret_cast<Queue*>(bytes_.get() + QueueOffset(q)));
  }
  const Queue& queue(size_t q) const {
    return *std::launder(reinterpret_cast<const Queue*>(bytes_.get() + QueueOffset(q)));
  }
  CountMap& table(size_t t) {
    return *std::launder(reinterpret_cast<CountMap*>(bytes_.get() + TableOffset(t)));
  }
  const CountMap& table(size_t t) const {
    return *std::launder(reinterpret_cast<const CountMap*>(bytes_.get() + TableOffset(t)));
  }

  // Brings the block's first `bytes` (all of it: Bytes) toward the cache, a line at a time.
  void Prefetch(size_t bytes) const {
    for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(bytes_.get() + at);
  }

  // A plain state at `offset` of the plain part: Place starts its lifetime (again), at reads it.
  // Offsets must be multiples of 8 and the states' alignment at most 8.
  template <typename T>
  void Place(size_t offset, const T& value) {
    static_assert(std::is_trivially_destructible_v<T> && alignof(T) <= 8);
    new (bytes_.get() + PlainOffset(offset)) T(value);
  }
  template <typename T>
  T& at(size_t offset) {
    return *std::launder(reinterpret_cast<T*>(bytes_.get() + PlainOffset(offset)));
  }
  template <typename T>
  const T& at(size_t offset) const {
    return *std::launder(reinterpret_cast<const T*>(bytes_.get() + PlainOffset(offset)));
  }

 private:
  size_t QueueOffset(size_t q) const { return q * sizeof(Queue); }
  size_t TableOffset(size_t t) const { return queues_ * sizeof(Queue) + t * sizeof(CountMap); }
  size_t PlainOffset(size_t offset) const { return TableOffset(tables_) + offset; }

  void Destroy() {
    if (!bytes_) return;
    for (size_t q = 0; q < queues_; ++q) std::destroy_at(&queue(q));
    for (size_t t = 0; t < tables_; ++t) std::destroy_at(&table(t));
    bytes_.reset();
  }

  std::unique_ptr<std::byte[]> bytes_;
  uint32_t queues_ = 0;
  uint32_t tables_ = 0;
};

}  // namespace vigil::features
