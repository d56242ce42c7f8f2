// RingBuffer<T>: a FIFO that can also pop at the back (a monotonic queue needs both), on one
// array that grows by half again when full (not to the next power of two: the windows keep one
// per key, and a key's log sized a little past a power of two would cost twice its size). Element i counts from the front. Unlike std::deque, an empty buffer
// allocates nothing and a small one costs its elements only — the windows keep one per entity
// and per aggregate, and there may be millions of entities.
//
// T must be default-constructible and copyable (the windows keep plain numbers in it).
// Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace vigil::features {

template <typename T>
class RingBuffer {
 public:
  RingBuffer() = default;
  RingBuffer(RingBuffer&&) noexcept = default;
  RingBuffer& operator=(RingBuffer&&) noexcept = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }

  // Preconditions for the accessors and pops: not empty, i < size().
  T& operator[](size_t i) { return data_[Wrap(head_ + i)]; }
  const T& operator[](size_t i) const { return data_[Wrap(head_ + i)]; }
  T& front() { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(T value) {
    if (size_ == capacity_) Grow();
    data_[Wrap(head_ + size_)] = std::move(value);
    ++size_;
  }
  // Inserts `value` before element i (i <= size()): O(size() - i).
  void insert(size_t i, T value) {
    push_back(value);
    for (size_t j = size_ - 1; j > i; --j) (*this)[j] = std::move((*this)[j - 1]);
    (*this)[i] = std::move(value);
  }
  // Removes element i (i < size()): O(size() - i).
  void erase(size_t i) {
    for (size_t j = i; j + 1 < size_; ++j) (*this)[j] = std::move((*this)[j + 1]);
    --size_;
  }
  void pop_front() {
    head_ = Wrap(head_ + 1);
    --size_;
  }
  void pop_back() { --size_; }
  // Gives the memory back once the buffer is empty, or shrinks it to a quarter when a quarter
  // of it is in use; so a window that was once busy does not hold its peak forever.
  void Trim() {
    if (size_ == 0) {
      *this = RingBuffer();
    } else if (capacity_ > kMinCapacity && size_ <= capacity_ / 4) {
      Reallocate(std::max(kMinCapacity, capacity_ / 2));
    }
  }

 private:
  static constexpr size_t kMinCapacity = 4;

  // i < 2 * capacity_.
  size_t Wrap(size_t i) const { return i >= capacity_ ? i - capacity_ : i; }
  void Grow() { Reallocate(capacity_ == 0 ? kMinCapacity : capacity_ + capacity_ / 2); }
  void Reallocate(size_t capacity) {
    auto data = std::make_unique<T[]>(capacity);
    for (size_t i = 0; i < size_; ++i) data[i] = std::move((*this)[i]);
    data_ = std::move(data);
    capacity_ = capacity;
    head_ = 0;
  }

  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;  // 0 or at least kMinCapacity
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace vigil::features
