// KeyedWindows: exact sliding-window aggregates over the events of many keys (entities, or the
// values of a variable such as a terminal id), in O(1) amortised time per event and aggregate.
//
// One KeyedWindows holds the aggregates that share a key; each aggregate is a WindowSpec
// (features/window_spec.h). Every key keeps its events of the last max Span() in arrival order,
// and each aggregate keeps running state over its own window of them: a count, a compensated
// sum, a monotonic queue for min/max, a value histogram for distinct_count, the fraud count. A
// window is exact: an event leaves it at the microsecond it falls out of the range, there are no
// buckets. What has left every window is dropped, and a key with no event within the longest span
// (at least 90 days when an aggregate is time_since_last) is forgotten, so memory follows the
// events of the longest window.
//
// Time. A key's clock never goes back: an event older than the key's newest one (late, out of
// order) is counted as if it had arrived at that newest time. Replaying the same events in the
// same order therefore rebuilds exactly the same state.
//
// Labels. Label() marks a held event fraud or not, and adjusts the fraud counts of the windows
// that hold it at once; a window that the event enters later sees its label then. So an
// aggregate reads the labels known when it is computed, never a label set afterwards.
//
// Numbers. Sums are Neumaier-compensated and reset to exactly 0 whenever the window empties, so
// they do not drift over a long run. distinct_count counts 64-bit hashes of the values (the
// caller hashes, SourceValue::hash): two different values collide with probability about 2^-64 per pair.
//
// Not thread-safe: one owner (the engine shards keys across owners).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/value.h"
#include "features/count_map.h"
#include "features/ring_buffer.h"
#include "features/window_spec.h"

namespace vigil::features {

// A value an event brings to the aggregates that read it (WindowSpec::source): several
// aggregates over one variable (the mean amount of 1, 7 and 30 days) share one, and an event
// holds each once.
struct SourceValue {
  double number = 0;  // for sum, mean, min, max
  uint64_t hash = 0;  // for distinct_count: a hash of the value
};

struct WindowStats {
  size_t keys = 0;
  size_t events = 0;  // events held, over all keys
  size_t bytes = 0;   // memory held, approximately (allocations and containers' own sizes)
};

class KeyedWindows {
 public:
  static constexpr size_t kMaxAggregates = 63;

  // Each spec must pass Validate(); at most kMaxAggregates. `sources` is how many SourceValues
  // an event brings; every spec that NeedsValue() names one below it.
  static Result<KeyedWindows> Create(std::vector<WindowSpec> specs, size_t sources);

  KeyedWindows(KeyedWindows&&) noexcept;
  KeyedWindows& operator=(KeyedWindows&&) noexcept;
  ~KeyedWindows();

  const std::vector<WindowSpec>& specs() const { return specs_; }

  // Adds an event of `key` at `time_micros`, identified by `event_hash` (for Label), and writes
  // every aggregate's value as of this event into `out` (out[i] for specs()[i]). Bit i of
  // `counted` says whether aggregate i counts the event (its filter holds and its value is
  // present). Preconditions: sources.size() is Create's `sources`; out.size() == specs().size().
  void Add(std::string_view key, int64_t time_micros, uint64_t event_hash, uint64_t counted,
           std::span<const SourceValue> sources, std::span<Value> out);

  // Marks the held event (key, its time as given to Add, its hash) fraud or not fraud. Returns
  // false when no such event is held (never added, or gone from every window).
  bool Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash, bool fraud);

  WindowStats Stats() const;

 private:
  struct KeyState;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using KeyMap = std::unordered_map<std::string, std::unique_ptr<KeyState>, StringHash,
                                    std::equal_to<>>;

  KeyedWindows(std::vector<WindowSpec> specs, size_t sources);
  KeyState& Find(std::string_view key);
  void Advance(KeyState& state, size_t aggregate, int64_t now);
  void Insert(KeyState& state, size_t aggregate, int64_t index);
  void Remove(KeyState& state, size_t aggregate, int64_t index);
  Value Read(const KeyState& state, size_t aggregate) const;
  void DropLeftBehind(KeyState& state);
  void Touch(KeyState& state);
  void Forget(int64_t now);

  std::vector<WindowSpec> specs_;
  std::vector<int> value_slot_;  // per aggregate: its slot in an entry's values, or -1
  std::vector<std::pair<size_t, bool>> slot_source_;  // per slot: the source, and whether a hash
  size_t value_slots_ = 0;
  int64_t retention_micros_ = 0;  // a key unseen for longer is forgotten
  int64_t now_ = INT64_MIN;       // the newest event time of any key
  KeyMap keys_;
  KeyState* oldest_ = nullptr;  // keys by last event, oldest first (an intrusive list)
  KeyState* newest_ = nullptr;
};

}  // namespace vigil::features
