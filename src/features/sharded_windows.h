// ShardedWindows: KeyedWindows shared by the threads that decide. Keys are spread over shards by
// a hash, each shard a KeyedWindows behind its own mutex, held only for the few hundred
// nanoseconds of one call; so two threads wait for each other only when their keys share a
// shard, and never across I/O. Thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "features/keyed_windows.h"

namespace vigil::features {

class ShardedWindows {
 public:
  static constexpr size_t kShards = 16;

  // As KeyedWindows::Create.
  static Result<std::unique_ptr<ShardedWindows>> Create(std::vector<WindowSpec> specs,
                                                        size_t sources);

  const std::vector<WindowSpec>& specs() const { return specs_; }

  // As KeyedWindows, on the key's shard.
  KeyedWindows::Added Add(std::string_view key, int64_t time_micros, uint64_t event_hash,
                          uint64_t counted, std::span<const SourceValue> sources,
                          std::span<Value> out);
  bool Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash, bool fraud);
  bool Erase(std::string_view key, int64_t event_time_micros, uint64_t event_hash);

  // Whether the windows hold all of history: false from creation until whoever rebuilds them
  // from the stored events says they do.
  bool complete() const { return complete_.load(std::memory_order_acquire); }
  void MarkComplete() { complete_.store(true, std::memory_order_release); }

 private:
  struct Shard {
    explicit Shard(KeyedWindows w) : windows(std::move(w)) {}
    mutable std::mutex mu;
    KeyedWindows windows;
  };
  explicit ShardedWindows(std::vector<WindowSpec> specs) : specs_(std::move(specs)) {}
  Shard& ShardOf(std::string_view key);

  std::vector<WindowSpec> specs_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<bool> complete_{false};
};

}  // namespace vigil::features
