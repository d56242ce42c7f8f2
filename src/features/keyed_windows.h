// KeyedWindows: exact sliding-window aggregates over the events of many keys (entities, or the
// values of a variable such as a terminal id), in O(1) amortised time per event and aggregate.
//
// One KeyedWindows holds the aggregates that share a key; each aggregate is a WindowSpec
// (features/window_spec.h). Every key keeps its events of the last max Span() in time order,
// and each aggregate keeps running state over its own window of them: a count, a compensated
// sum, a monotonic queue for min/max, a value histogram for distinct_count, the fraud count. A
// window is exact: an event leaves it at the microsecond it falls out of the range, there are no
// buckets. What has left every window is dropped, and a key with no event within the longest span
// (at least 90 days when an aggregate is time_since_last) is forgotten, so memory follows the
// events of the longest window.
//
// Time and order. Every event counts at its own time, whatever order events arrive in: the state
// is a function of the set of events held (and their labels), so rebuilding it from stored events
// in any order gives exactly the state that live traffic built. An event older than the key's
// newest one (late) is inserted at its place, at O(events held) cost, and the values it reads are
// the windows as of the key's newest event (the past before that has partly been dropped);
// time_since_last reads the counted event before it. An event at or before the newest minus the
// longest span (window + delay) is in no window any more and is not added. An event given again (same key,
// time and hash) changes nothing.
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
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/value.h"
#include "features/key_table.h"
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
  static constexpr size_t kMaxAggregates = 31;

  // Each spec must pass Validate(); at most kMaxAggregates. `sources` is how many SourceValues
  // an event brings; every spec that NeedsValue() names one below it.
  static Result<KeyedWindows> Create(std::vector<WindowSpec> specs, size_t sources);

  KeyedWindows(KeyedWindows&&) noexcept;
  KeyedWindows& operator=(KeyedWindows&&) noexcept;
  ~KeyedWindows();

  const std::vector<WindowSpec>& specs() const { return specs_; }

  enum class Added {
    kInOrder,   // at or after the key's newest event
    kLate,      // before it, inserted at its place
    kRepeated,  // held already: nothing changed
    kTooLate,   // before every window: nothing changed
  };
  // Adds an event of `key` at `time_micros`, identified by `event_hash` (with the time, for
  // Label, Erase and repeats; 32 bits of it are kept),
  // and writes every aggregate's value as of this event into `out` (out[i] for specs()[i]). Bit
  // i of `counted` says whether aggregate i counts the event (its filter holds and its value is
  // present). Preconditions: sources.size() is Create's `sources`; out.size() == specs().size().
  Added Add(std::string_view key, int64_t time_micros, uint64_t event_hash, uint64_t counted,
            std::span<const SourceValue> sources, std::span<Value> out);

  // Marks the held event (key, its time as given to Add, its hash) fraud or not fraud. Returns
  // false when no such event is held (never added, or gone from every window).
  bool Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash, bool fraud);

  // Takes back an event that Add added (kInOrder or kLate): every window read from the key's
  // newest time on is as if it had never come. For a decision that was not stored after all (a repeated event id, a failed commit), so
  // that the windows hold exactly the stored events. O(events held by the key). Returns false
  // when no such event is held.
  bool Erase(std::string_view key, int64_t event_time_micros, uint64_t event_hash);

  WindowStats Stats() const;

 private:
  struct KeyState;

  KeyedWindows(std::vector<WindowSpec> specs, size_t sources);
  KeyState& Find(std::string_view key);
  KeyState* FindHeld(std::string_view key);
  // The running state of aggregate i, fresh (as of no event).
  void ResetState(KeyState& state, size_t aggregate) const;
  void Append(KeyState& state, int64_t time, uint64_t event_hash, uint64_t counted,
              std::span<const SourceValue> sources, std::span<Value> out);
  void InsertLate(KeyState& state, int64_t time, uint64_t event_hash, uint64_t counted,
                  std::span<const SourceValue> sources, std::span<Value> out);
  // Asks for the cache lines that adding an event will touch, so that their misses overlap
  // rather than come one after another.
  void Prefetch(const KeyState& state, std::span<const SourceValue> sources) const;
  void ReadAll(const KeyState& state, std::span<Value> out) const;
  // Recomputes every window of the key from the entries held (after an insert or erase in the
  // middle moved their indexes).
  void Recompute(KeyState& state);
  // Moves range r's bounds to the windows of `now`, updating its aggregates.
  void Advance(KeyState& state, size_t range, int64_t now);
  void Insert(KeyState& state, size_t aggregate, int64_t index);
  void Remove(KeyState& state, size_t aggregate, int64_t index);
  Value Read(const KeyState& state, size_t aggregate) const;
  void DropLeftBehind(KeyState& state);
  // Drops the keys without an event within retention_micros_ of `now`. Called once every
  // max(kMinSweepEvery, keys) additions: O(1) amortised per event, and nothing per event to keep
  // an order of keys by age (which would cost two cache misses an event).
  void Forget(int64_t now);
  static constexpr size_t kMinSweepEvery = 1024;

  std::vector<WindowSpec> specs_;
  // Aggregates with the same window and delay share the bounds of one range (time_since_last
  // has none): a key moves each range once per event.
  struct Range {
    int64_t window_micros;
    int64_t delay_micros;
    std::vector<size_t> members;
    size_t bounds_at = 0;  // where its bounds lie in a key's StateBlock (plain part)
  };
  std::vector<Range> ranges_;
  std::vector<int> range_of_;  // per aggregate, -1 for time_since_last
  std::vector<int> value_slot_;  // per aggregate: its slot in an entry's values, or -1
  std::vector<std::pair<size_t, bool>> slot_source_;  // per slot: the source, and whether a hash
  size_t value_slots_ = 0;
  size_t stride_ = 0;  // 64-bit words per held entry: its time, hash and flags, its values
  // Per aggregate, where its state lies in a key's StateBlock: the queue (min/max) or the table
  // (distinct_count) number, or the offset in the plain part.
  std::vector<size_t> state_at_;
  size_t queues_ = 0, tables_ = 0, plain_bytes_ = 0;
  int64_t span_micros_ = 0;       // the longest window + delay: older events are in none
  int64_t retention_micros_ = 0;  // a key unseen for longer is forgotten
  int64_t now_ = INT64_MIN;       // the newest event time of any key
  KeyTable<KeyState> keys_;
  size_t adds_since_sweep_ = 0;
};

}  // namespace vigil::features
