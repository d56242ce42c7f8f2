#include "features/keyed_windows.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>


namespace vigil::features {

namespace {

// A key that has a time_since_last aggregate remembers its last event this long at least.
constexpr int64_t kTimeSinceLastMemory = kMaxWindowMicros;

constexpr uint32_t kFraudBit = uint32_t{1} << 31;

// 16 bytes: the windows of a busy key hold thousands.
struct Entry {
  int64_t time = 0;         // the event's; entries are in time order
  uint32_t event_hash = 0;  // with the time, identifies the event (Label, Erase, repeats)
  uint32_t flags = 0;       // bit i < 31: aggregate i counts this event; kFraudBit: fraud
  bool counted(size_t i) const { return flags >> i & 1; }
  bool fraud() const { return flags & kFraudBit; }
};

uint32_t Fold(uint64_t hash) { return static_cast<uint32_t>(hash ^ (hash >> 32)); }

// Neumaier's compensated running sum.
struct CompensatedSum {
  double sum = 0;
  double compensation = 0;
  void Add(double x) {
    const double t = sum + x;
    compensation += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  double value() const { return sum + compensation; }
};

}  // namespace

struct KeyedWindows::KeyState {
  // The entries of one range (window and delay) are [start, end), absolute indexes.
  struct Bounds {
    int64_t start = 0;
    int64_t end = 0;
  };
  struct Aggregate {
    int64_t count = 0;  // counted events in the window
    int64_t fraud = 0;  // of them, labelled fraud
    CompensatedSum sum;
    RingBuffer<int64_t> extremes;  // min/max: indexes whose values are monotonic
    CountMap distinct;             // distinct_count: value hash -> events
    // time_since_last: the newest counted event's time, and the indexes of the two newest
    // counted events (-1: none), held so that erasing the newest still knows the one before.
    int64_t last_time = std::numeric_limits<int64_t>::min();
    int64_t last_index = -1;
    int64_t prior_index = -1;
  };

  std::string key;
  RingBuffer<Entry> entries;
  RingBuffer<uint64_t> values;  // value_slots_ per entry, in entry order
  int64_t base = 0;             // absolute index of entries[0]
  int64_t latest = std::numeric_limits<int64_t>::min();
  std::vector<Aggregate> aggregates;
  std::vector<Bounds> bounds;  // per range

  const Entry& entry(int64_t index) const { return entries[static_cast<size_t>(index - base)]; }
  Entry& entry(int64_t index) { return entries[static_cast<size_t>(index - base)]; }
  int64_t end_index() const { return base + static_cast<int64_t>(entries.size()); }
};

Result<KeyedWindows> KeyedWindows::Create(std::vector<WindowSpec> specs, size_t sources) {
  if (specs.size() > kMaxAggregates) {
    return Fail(ErrorCode::kInvalidArgument,
                "at most " + std::to_string(kMaxAggregates) + " aggregates may share a key");
  }
  for (const WindowSpec& spec : specs) {
    if (auto valid = Validate(spec); !valid) return std::unexpected(valid.error());
    if (NeedsValue(spec.function) && spec.source >= sources) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(FunctionName(spec.function)) + " reads value " +
                      std::to_string(spec.source) + " of " + std::to_string(sources));
    }
  }
  return KeyedWindows(std::move(specs), sources);
}

KeyedWindows::KeyedWindows(std::vector<WindowSpec> specs, size_t /*sources*/)
    : specs_(std::move(specs)) {
  for (const WindowSpec& spec : specs_) {
    int slot = -1;
    if (NeedsValue(spec.function)) {
      // One slot per source and kind, shared by every aggregate that reads it.
      const std::pair<size_t, bool> wanted{spec.source,
                                           spec.function == Function::kDistinctCount};
      auto it = std::find(slot_source_.begin(), slot_source_.end(), wanted);
      slot = static_cast<int>(it - slot_source_.begin());
      if (it == slot_source_.end()) slot_source_.push_back(wanted);
    }
    value_slot_.push_back(slot);
    int range = -1;
    if (spec.function != Function::kTimeSinceLast) {
      auto it = std::find_if(ranges_.begin(), ranges_.end(), [&](const Range& r) {
        return r.window_micros == spec.window_micros && r.delay_micros == spec.delay_micros;
      });
      if (it == ranges_.end()) it = ranges_.insert(ranges_.end(), {spec.window_micros, spec.delay_micros, {}});
      range = static_cast<int>(it - ranges_.begin());
      it->members.push_back(value_slot_.size() - 1);
    }
    range_of_.push_back(range);
    span_micros_ = std::max(span_micros_, Span(spec));
    retention_micros_ = std::max(retention_micros_, spec.function == Function::kTimeSinceLast
                                                        ? kTimeSinceLastMemory
                                                        : Span(spec));
  }
  value_slots_ = slot_source_.size();
}

KeyedWindows::KeyedWindows(KeyedWindows&&) noexcept = default;
KeyedWindows& KeyedWindows::operator=(KeyedWindows&&) noexcept = default;
KeyedWindows::~KeyedWindows() = default;

KeyedWindows::KeyState& KeyedWindows::Find(std::string_view key) {
  auto it = keys_.find(key);
  if (it != keys_.end()) return *it->second;
  auto state = std::make_unique<KeyState>();
  state->key = std::string(key);
  state->aggregates.resize(specs_.size());
  state->bounds.resize(ranges_.size());
  KeyState& ref = *state;
  keys_.emplace(ref.key, std::move(state));
  return ref;
}

namespace {

// The first held entry at or after `time`.
template <typename Entries>
size_t LowerBound(const Entries& entries, int64_t time) {
  size_t lo = 0;
  size_t hi = entries.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (entries[mid].time < time) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Value SecondsBetween(int64_t earlier, int64_t later) {
  return Value::Float(static_cast<double>(later - earlier) / static_cast<double>(kMicrosPerSecond));
}

}  // namespace

KeyedWindows::Added KeyedWindows::Add(std::string_view key, int64_t time_micros,
                                      uint64_t event_hash, uint64_t counted,
                                      std::span<const SourceValue> sources, std::span<Value> out) {
  KeyState& state = Find(key);
  Added added = Added::kInOrder;
  // A repeat has the time of a held event, so none is newer than the key's newest.
  if (time_micros <= state.latest) {
    size_t at = LowerBound(state.entries, time_micros);
    for (; at < state.entries.size() && state.entries[at].time == time_micros; ++at) {
      if (state.entries[at].event_hash == Fold(event_hash)) added = Added::kRepeated;
    }
  }
  if (added == Added::kRepeated) {
    ReadAll(state, out);
  } else if (time_micros >= state.latest) {
    Append(state, time_micros, event_hash, counted, sources, out);
  } else if (time_micros <= state.latest - span_micros_) {
    added = Added::kTooLate;
    ReadAll(state, out);
  } else {
    added = Added::kLate;
    InsertLate(state, time_micros, event_hash, counted, sources, out);
  }
  if (++adds_since_sweep_ >= std::max<size_t>(kMinSweepEvery, keys_.size())) Forget(now_);
  return added;
}

void KeyedWindows::Append(KeyState& state, int64_t now, uint64_t event_hash, uint64_t counted,
                          std::span<const SourceValue> sources, std::span<Value> out) {
  state.latest = now;
  now_ = std::max(now_, now);
  state.entries.push_back(
      Entry{now, Fold(event_hash), static_cast<uint32_t>(counted) & ~kFraudBit});
  for (const auto& [source, is_hash] : slot_source_) {
    state.values.push_back(is_hash ? sources[source].hash
                                   : std::bit_cast<uint64_t>(sources[source].number));
  }
  for (size_t r = 0; r < ranges_.size(); ++r) Advance(state, r, now);
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function == Function::kTimeSinceLast) {
      auto& aggregate = state.aggregates[i];
      out[i] = aggregate.last_time == std::numeric_limits<int64_t>::min()
                   ? Value::Null()
                   : SecondsBetween(aggregate.last_time, now);
      if (counted >> i & 1) {
        aggregate.last_time = now;
        aggregate.prior_index = aggregate.last_index;
        aggregate.last_index = state.end_index() - 1;
      }
      continue;
    }
    out[i] = Read(state, i);
  }
  DropLeftBehind(state);
}

void KeyedWindows::InsertLate(KeyState& state, int64_t time, uint64_t event_hash,
                              uint64_t counted, std::span<const SourceValue> sources,
                              std::span<Value> out) {
  // After every held entry of the same time or earlier.
  size_t at = LowerBound(state.entries, time);
  while (at < state.entries.size() && state.entries[at].time == time) ++at;
  state.entries.insert(
      at, Entry{time, Fold(event_hash), static_cast<uint32_t>(counted) & ~kFraudBit});
  size_t slot = at * value_slots_;
  for (const auto& [source, is_hash] : slot_source_) {
    state.values.insert(slot++, is_hash ? sources[source].hash
                                        : std::bit_cast<uint64_t>(sources[source].number));
  }
  Recompute(state);
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function != Function::kTimeSinceLast) {
      out[i] = Read(state, i);
      continue;
    }
    out[i] = Value::Null();
    for (size_t k = at; k-- > 0;) {
      if (state.entries[k].counted(i)) {
        out[i] = SecondsBetween(state.entries[k].time, time);
        break;
      }
    }
  }
}

void KeyedWindows::Recompute(KeyState& state) {
  for (size_t r = 0; r < ranges_.size(); ++r) {
    for (size_t i : ranges_[r].members) state.aggregates[i] = KeyState::Aggregate{};
    state.bounds[r] = {state.base, state.base};
    Advance(state, r, state.latest);
  }
  for (size_t i = 0; i < specs_.size(); ++i) {
    auto& aggregate = state.aggregates[i];
    if (specs_[i].function != Function::kTimeSinceLast) continue;
    // The two newest counted events are held (DropLeftBehind keeps them): find them again.
    int64_t found[2] = {-1, -1};
    for (int64_t k = state.end_index() - 1, n = 0; k >= state.base && n < 2; --k) {
      if (state.entry(k).counted(i)) found[n++] = k;
    }
    aggregate.last_index = found[0];
    aggregate.prior_index = found[1];
    aggregate.last_time = found[0] >= 0 ? state.entry(found[0]).time
                                        : std::numeric_limits<int64_t>::min();
  }
}

bool KeyedWindows::Erase(std::string_view key, int64_t event_time_micros, uint64_t event_hash) {
  auto it = keys_.find(key);
  if (it == keys_.end()) return false;
  KeyState& state = *it->second;
  for (size_t k = LowerBound(state.entries, event_time_micros);
       k < state.entries.size() && state.entries[k].time == event_time_micros; ++k) {
    if (state.entries[k].event_hash != Fold(event_hash)) continue;
    state.entries.erase(k);
    for (size_t s = 0; s < value_slots_; ++s) state.values.erase(k * value_slots_);
    // The key's clock stays: the windows read as of it, and what the erased event pushed out
    // of them would be out of every window of the key's next event too.
    Recompute(state);
    return true;
  }
  return false;
}

void KeyedWindows::ReadAll(const KeyState& state, std::span<Value> out) const {
  for (size_t i = 0; i < specs_.size(); ++i) {
    const auto& aggregate = state.aggregates[i];
    if (specs_[i].function != Function::kTimeSinceLast) {
      out[i] = Read(state, i);
    } else if (aggregate.last_time == std::numeric_limits<int64_t>::min()) {
      out[i] = Value::Null();
    } else {
      out[i] = SecondsBetween(aggregate.last_time, state.latest);
    }
  }
}

void KeyedWindows::Advance(KeyState& state, size_t r, int64_t now) {
  const Range& range = ranges_[r];
  auto& bounds = state.bounds[r];
  const int64_t upper = now - range.delay_micros;  // the window is (lower, upper]
  const int64_t lower = upper - range.window_micros;
  const int64_t held = state.end_index();
  for (; bounds.end < held && state.entry(bounds.end).time <= upper; ++bounds.end) {
    for (size_t i : range.members) Insert(state, i, bounds.end);
  }
  for (; bounds.start < bounds.end && state.entry(bounds.start).time <= lower; ++bounds.start) {
    for (size_t i : range.members) Remove(state, i, bounds.start);
  }
}

void KeyedWindows::Insert(KeyState& state, size_t i, int64_t index) {
  const Entry& entry = state.entry(index);
  if (!entry.counted(i)) return;
  auto& aggregate = state.aggregates[i];
  ++aggregate.count;
  if (entry.fraud()) ++aggregate.fraud;
  const int slot = value_slot_[i];
  if (slot < 0) return;
  const uint64_t raw = state.values[static_cast<size_t>(index - state.base) * value_slots_ +
                                    static_cast<size_t>(slot)];
  switch (specs_[i].function) {
    case Function::kSum:
    case Function::kMean:
      aggregate.sum.Add(std::bit_cast<double>(raw));
      break;
    case Function::kMin:
    case Function::kMax: {
      const double value = std::bit_cast<double>(raw);
      const bool is_min = specs_[i].function == Function::kMin;
      auto& queue = aggregate.extremes;
      while (!queue.empty()) {
        const double back = std::bit_cast<double>(
            state.values[static_cast<size_t>(queue.back() - state.base) * value_slots_ +
                         static_cast<size_t>(slot)]);
        if (is_min ? back < value : back > value) break;
        queue.pop_back();
      }
      queue.push_back(index);
      break;
    }
    case Function::kDistinctCount:
      aggregate.distinct.Increment(raw);
      break;
    default:
      break;
  }
}

void KeyedWindows::Remove(KeyState& state, size_t i, int64_t index) {
  const Entry& entry = state.entry(index);
  if (!entry.counted(i)) return;
  auto& aggregate = state.aggregates[i];
  --aggregate.count;
  if (entry.fraud()) --aggregate.fraud;
  const int slot = value_slot_[i];
  if (slot >= 0) {
    const uint64_t raw = state.values[static_cast<size_t>(index - state.base) * value_slots_ +
                                      static_cast<size_t>(slot)];
    switch (specs_[i].function) {
      case Function::kSum:
      case Function::kMean:
        aggregate.sum.Add(-std::bit_cast<double>(raw));
        break;
      case Function::kMin:
      case Function::kMax:
        if (!aggregate.extremes.empty() && aggregate.extremes.front() == index) {
          aggregate.extremes.pop_front();
        }
        break;
      case Function::kDistinctCount:
        aggregate.distinct.Decrement(raw);
        break;
      default:
        break;
    }
  }
  if (aggregate.count == 0) {
    aggregate.sum = {};
    aggregate.extremes.Trim();
  }
}

Value KeyedWindows::Read(const KeyState& state, size_t i) const {
  const auto& aggregate = state.aggregates[i];
  const auto count = static_cast<double>(aggregate.count);
  switch (specs_[i].function) {
    case Function::kCount:
      return Value::Integer(aggregate.count);
    case Function::kSum:
      return Value::Float(aggregate.sum.value());
    case Function::kMean:
      return aggregate.count == 0 ? Value::Null() : Value::Float(aggregate.sum.value() / count);
    case Function::kMin:
    case Function::kMax: {
      if (aggregate.extremes.empty()) return Value::Null();
      const int64_t index = aggregate.extremes.front();
      return Value::Float(std::bit_cast<double>(
          state.values[static_cast<size_t>(index - state.base) * value_slots_ +
                       static_cast<size_t>(value_slot_[i])]));
    }
    case Function::kDistinctCount:
      return Value::Integer(static_cast<int64_t>(aggregate.distinct.size()));
    case Function::kFraudCount:
      return Value::Integer(aggregate.fraud);
    case Function::kFraudRate:
      return Value::Float(aggregate.count == 0 ? 0.0 : static_cast<double>(aggregate.fraud) / count);
    case Function::kTimeSinceLast:
      break;  // answered in Add
  }
  return Value::Null();
}

void KeyedWindows::DropLeftBehind(KeyState& state) {
  int64_t keep_from = state.end_index();
  for (size_t i = 0; i < specs_.size(); ++i) {
    const auto& aggregate = state.aggregates[i];
    if (range_of_[i] >= 0) {
      keep_from = std::min(keep_from, state.bounds[static_cast<size_t>(range_of_[i])].start);
    } else if (aggregate.last_index >= 0) {
      keep_from = std::min(keep_from, aggregate.prior_index >= 0 ? aggregate.prior_index
                                                                 : aggregate.last_index);
    }
  }
  while (state.base < keep_from) {
    state.entries.pop_front();
    for (size_t s = 0; s < value_slots_; ++s) state.values.pop_front();
    ++state.base;
  }
  state.entries.Trim();
  state.values.Trim();
}

void KeyedWindows::Forget(int64_t now) {
  adds_since_sweep_ = 0;
  std::erase_if(keys_, [&](const auto& entry) {
    return entry.second->latest < now - retention_micros_;
  });
}

bool KeyedWindows::Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash,
                         bool fraud) {
  auto it = keys_.find(key);
  if (it == keys_.end()) return false;
  KeyState& state = *it->second;
  for (size_t k = LowerBound(state.entries, event_time_micros);
       k < state.entries.size() && state.entries[k].time == event_time_micros; ++k) {
    Entry& entry = state.entries[k];
    if (entry.event_hash != Fold(event_hash)) continue;
    if (entry.fraud() == fraud) return true;
    entry.flags ^= kFraudBit;
    const int64_t index = state.base + static_cast<int64_t>(k);
    for (size_t r = 0; r < ranges_.size(); ++r) {
      const auto& bounds = state.bounds[r];
      if (index < bounds.start || index >= bounds.end) continue;
      for (size_t i : ranges_[r].members) {
        if (entry.counted(i)) state.aggregates[i].fraud += fraud ? 1 : -1;
      }
    }
    return true;
  }
  return false;
}

WindowStats KeyedWindows::Stats() const {
  WindowStats stats;
  stats.keys = keys_.size();
  stats.bytes = sizeof(*this) + keys_.bucket_count() * sizeof(void*);
  for (const auto& [key, state] : keys_) {
    stats.events += state->entries.size();
    // The map's node (key string and pointer), the state, its buffers and per-aggregate state.
    stats.bytes += sizeof(KeyMap::value_type) + 2 * sizeof(void*) + sizeof(KeyState) +
                   state->key.capacity() * 2 + state->entries.capacity() * sizeof(Entry) +
                   state->values.capacity() * sizeof(uint64_t) +
                   state->aggregates.capacity() * sizeof(KeyState::Aggregate);
    for (const auto& aggregate : state->aggregates) {
      stats.bytes += aggregate.extremes.capacity() * sizeof(int64_t);
      stats.bytes += aggregate.distinct.capacity() * 2 * sizeof(uint64_t);
    }
  }
  return stats;
}

}  // namespace vigil::features
