#include "features/sharded_windows.h"

#include <functional>

namespace vigil::features {

Result<std::unique_ptr<ShardedWindows>> ShardedWindows::Create(std::vector<WindowSpec> specs,
                                                               size_t sources) {
  std::unique_ptr<ShardedWindows> sharded(new ShardedWindows(specs));
  for (size_t i = 0; i < kShards; ++i) {
    VIGIL_TRY(windows, KeyedWindows::Create(specs, sources));
    sharded->shards_.push_back(std::make_unique<Shard>(std::move(windows)));
  }
  return sharded;
}

ShardedWindows::Shard& ShardedWindows::ShardOf(std::string_view key) {
  // The top bits: the shard's own hash table uses the low ones.
  const size_t hash = std::hash<std::string_view>{}(key);
  return *shards_[(hash >> 56) % kShards];
}

KeyedWindows::Added ShardedWindows::Add(std::string_view key, int64_t time_micros,
                                        uint64_t event_hash, uint64_t counted,
                                        std::span<const SourceValue> sources,
                                        std::span<Value> out) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mu);
  return shard.windows.Add(key, time_micros, event_hash, counted, sources, out);
}

bool ShardedWindows::Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash,
                           bool fraud) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mu);
  return shard.windows.Label(key, event_time_micros, event_hash, fraud);
}

bool ShardedWindows::Erase(std::string_view key, int64_t event_time_micros, uint64_t event_hash) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mu);
  return shard.windows.Erase(key, event_time_micros, event_hash);
}

}  // namespace vigil::features
