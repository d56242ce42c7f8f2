// The active snapshot, swapped atomically (read-copy-update). Readers take a reference-counted
// pointer and use it for a whole request, so no request sees a half-applied change and none is
// blocked by one. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

#include "engine/snapshot.h"

namespace vigil::engine {

class Registry {
 public:
  explicit Registry(SnapshotPtr initial) : current_(std::move(initial)) {}

  SnapshotPtr Current() const { return current_.load(std::memory_order_acquire); }
  void Publish(SnapshotPtr next) { current_.store(std::move(next), std::memory_order_release); }

 private:
  std::atomic<SnapshotPtr> current_;
};

}  // namespace vigil::engine
