#include "features/keyed_windows.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "features/state_block.h"

namespace vigil::features {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

// A key that has a time_since_last aggregate remembers its last event this long at least.
constexpr int64_t kTimeSinceLastMemory = kMaxWindowMicros;

constexpr uint32_t kFraudBit = uint32_t{1} << 31;

// A held entry is kEntryWords words of the key's log, then its values (one word per value slot):
// its time, then its folded hash (high half) and flags (low half): bit i < 31, aggregate i counts
// this event; kFraudBit, fraud. Entries and values interleaved, so that a window's edge is one
// cache line.
constexpr size_t kEntryWords = 2;

uint32_t Fold(uint64_t hash) { return static_cast<uint32_t>(hash ^ (hash >> 32)); }
uint64_t HashAndFlags(uint64_t event_hash, uint64_t counted) {
  return uint64_t{Fold(event_hash)} << 32 | (static_cast<uint32_t>(counted) & ~kFraudBit);
}

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

// The plain running states, by function (min/max keep a StateBlock queue of entries, with their
// values, whose values are monotonic; distinct_count a StateBlock table, value hash -> events).
struct Counted {  // count
  int64_t count = 0;
};
struct Labelled {  // fraud_count, fraud_rate: counted events in the window, and of them fraud
  int64_t count = 0;
  int64_t fraud = 0;
};
struct Summed {  // sum, mean
  int64_t count = 0;
  CompensatedSum sum;
};
// time_since_last: the newest counted event's time, and the indexes of the two newest counted
// events (-1: none), held so that erasing the newest still knows the one before.
struct Last {
  int64_t time = kNever;
  int64_t index = -1;
  int64_t prior = -1;
};
// A range's entries are [start, end), absolute indexes.
struct Bounds {
  int64_t start = 0;
  int64_t end = 0;
};

size_t PlainSize(Function function) {
  switch (function) {
    case Function::kCount: return sizeof(Counted);
    case Function::kFraudCount:
    case Function::kFraudRate: return sizeof(Labelled);
    case Function::kSum:
    case Function::kMean: return sizeof(Summed);
    case Function::kTimeSinceLast: return sizeof(Last);
    case Function::kMin:
    case Function::kMax:
    case Function::kDistinctCount: break;  // in the block's queues and tables
  }
  return 0;
}

}  // namespace

struct KeyedWindows::KeyState {
  RingBuffer<uint64_t> log;  // the held entries in time order, stride words each
  int64_t base = 0;          // absolute index of the oldest held entry
  int64_t latest = kNever;
  StateBlock states;  // every aggregate's state and every range's bounds
  size_t stride = 0;

  size_t held() const { return log.size() / stride; }
  int64_t end_index() const { return base + static_cast<int64_t>(held()); }
  // By position among the held entries (0: the oldest).
  uint64_t& word(size_t k, size_t w) { return log[k * stride + w]; }
  uint64_t word(size_t k, size_t w) const { return log[k * stride + w]; }
  int64_t time_at(size_t k) const { return std::bit_cast<int64_t>(word(k, 0)); }
  uint32_t hash_at(size_t k) const { return static_cast<uint32_t>(word(k, 1) >> 32); }
  uint32_t flags_at(size_t k) const { return static_cast<uint32_t>(word(k, 1)); }
  // By absolute index.
  size_t at(int64_t index) const { return static_cast<size_t>(index - base); }
  int64_t time(int64_t index) const { return time_at(at(index)); }
  uint32_t flags(int64_t index) const { return flags_at(at(index)); }
  uint64_t value(int64_t index, int slot) const {
    return word(at(index), kEntryWords + static_cast<size_t>(slot));
  }
  Bounds& bounds(size_t at) { return states.at<Bounds>(at); }
  const Bounds& bounds(size_t at) const { return states.at<Bounds>(at); }
};

namespace {

bool Counts(uint32_t flags, size_t i) { return flags >> i & 1; }
bool IsFraud(uint32_t flags) { return flags & kFraudBit; }

}  // namespace

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
    switch (spec.function) {
      case Function::kMin:
      case Function::kMax:
        state_at_.push_back(queues_++);
        break;
      case Function::kDistinctCount:
        state_at_.push_back(tables_++);
        break;
      default:
        state_at_.push_back(plain_bytes_);
        plain_bytes_ += PlainSize(spec.function);
    }
  }
  for (Range& range : ranges_) {
    range.bounds_at = plain_bytes_;
    plain_bytes_ += sizeof(Bounds);
  }
  value_slots_ = slot_source_.size();
  stride_ = kEntryWords + value_slots_;
}

KeyedWindows::KeyedWindows(KeyedWindows&&) noexcept = default;
KeyedWindows& KeyedWindows::operator=(KeyedWindows&&) noexcept = default;
KeyedWindows::~KeyedWindows() = default;

void KeyedWindows::ResetState(KeyState& state, size_t i) const {
  StateBlock& states = state.states;
  switch (specs_[i].function) {
    case Function::kCount: return states.Place(state_at_[i], Counted{});
    case Function::kFraudCount:
    case Function::kFraudRate: return states.Place(state_at_[i], Labelled{});
    case Function::kSum:
    case Function::kMean: return states.Place(state_at_[i], Summed{});
    case Function::kTimeSinceLast: return states.Place(state_at_[i], Last{});
    case Function::kMin:
    case Function::kMax: states.queue(state_at_[i]) = StateBlock::Queue(); return;
    case Function::kDistinctCount: states.table(state_at_[i]) = CountMap(); return;
  }
}

KeyedWindows::KeyState& KeyedWindows::Find(std::string_view key) {
  bool inserted = false;
  KeyState& state = keys_.FindOrInsert(key, KeyTable<KeyState>::Hash(key), inserted);
  if (inserted) {
    state.stride = stride_;
    state.states = StateBlock(queues_, tables_, plain_bytes_);
    for (size_t i = 0; i < specs_.size(); ++i) ResetState(state, i);
    for (const Range& range : ranges_) state.states.Place(range.bounds_at, Bounds{});
  }
  return state;
}

KeyedWindows::KeyState* KeyedWindows::FindHeld(std::string_view key) {
  return keys_.Find(key, KeyTable<KeyState>::Hash(key));
}

namespace {

// The first held entry at or after `time`.
size_t LowerBound(const auto& state, int64_t time) {
  size_t lo = 0;
  size_t hi = state.held();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (state.time_at(mid) < time) {
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
  Prefetch(state, sources);
  Added added = Added::kInOrder;
  // A repeat has the time of a held event, so none is newer than the key's newest.
  if (time_micros <= state.latest) {
    const size_t held = state.held();
    for (size_t at = LowerBound(state, time_micros);
         at < held && state.time_at(at) == time_micros; ++at) {
      if (state.hash_at(at) == Fold(event_hash)) added = Added::kRepeated;
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

void KeyedWindows::Prefetch(const KeyState& state, std::span<const SourceValue> sources) const {
  // First what the slot alone locates (the state block, the newest entry), then what the block
  // locates: each range's edges, the distinct tables' slots of the new values.
  state.states.Prefetch(StateBlock::Bytes(queues_, tables_, plain_bytes_));
  if (state.log.empty()) return;
  __builtin_prefetch(&state.log[state.log.size() - 1]);
  const int64_t held = state.end_index();
  for (const Range& range : ranges_) {
    const Bounds& bounds = state.bounds(range.bounds_at);
    if (bounds.start < held) __builtin_prefetch(&state.log[state.at(bounds.start) * stride_]);
    if (bounds.end < held) __builtin_prefetch(&state.log[state.at(bounds.end) * stride_]);
  }
  for (size_t i = 0; i < specs_.size(); ++i) {
    const Function function = specs_[i].function;
    if (function == Function::kMin || function == Function::kMax) {
      const auto& queue = state.states.queue(state_at_[i]);
      if (!queue.empty()) __builtin_prefetch(&queue.back());
    } else if (function == Function::kDistinctCount) {
      state.states.table(state_at_[i]).Prefetch(sources[specs_[i].source].hash);
    }
  }
  // Last, as it waits for an edge: the distinct value that may leave its window.
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function != Function::kDistinctCount) continue;
    const Range& range = ranges_[static_cast<size_t>(range_of_[i])];
    const Bounds& bounds = state.bounds(range.bounds_at);
    if (bounds.start < bounds.end) {
      state.states.table(state_at_[i]).Prefetch(state.value(bounds.start, value_slot_[i]));
    }
  }
}

void KeyedWindows::Append(KeyState& state, int64_t now, uint64_t event_hash, uint64_t counted,
                          std::span<const SourceValue> sources, std::span<Value> out) {
  state.latest = now;
  now_ = std::max(now_, now);
  state.log.push_back(std::bit_cast<uint64_t>(now));
  state.log.push_back(HashAndFlags(event_hash, counted));
  for (const auto& [source, is_hash] : slot_source_) {
    state.log.push_back(is_hash ? sources[source].hash
                                : std::bit_cast<uint64_t>(sources[source].number));
  }
  for (size_t r = 0; r < ranges_.size(); ++r) Advance(state, r, now);
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function == Function::kTimeSinceLast) {
      auto& last = state.states.at<Last>(state_at_[i]);
      out[i] = last.time == kNever ? Value::Null() : SecondsBetween(last.time, now);
      if (counted >> i & 1) {
        last.time = now;
        last.prior = last.index;
        last.index = state.end_index() - 1;
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
  size_t at = LowerBound(state, time);
  while (at < state.held() && state.time_at(at) == time) ++at;
  size_t word = at * stride_;
  state.log.insert(word++, std::bit_cast<uint64_t>(time));
  state.log.insert(word++, HashAndFlags(event_hash, counted));
  for (const auto& [source, is_hash] : slot_source_) {
    state.log.insert(word++, is_hash ? sources[source].hash
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
      if (Counts(state.flags_at(k), i)) {
        out[i] = SecondsBetween(state.time_at(k), time);
        break;
      }
    }
  }
}

void KeyedWindows::Recompute(KeyState& state) {
  for (size_t r = 0; r < ranges_.size(); ++r) {
    for (size_t i : ranges_[r].members) ResetState(state, i);
    state.bounds(ranges_[r].bounds_at) = {state.base, state.base};
    Advance(state, r, state.latest);
  }
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function != Function::kTimeSinceLast) continue;
    // The two newest counted events are held (DropLeftBehind keeps them): find them again.
    int64_t found[2] = {-1, -1};
    for (int64_t k = state.end_index() - 1, n = 0; k >= state.base && n < 2; --k) {
      if (Counts(state.flags(k), i)) found[n++] = k;
    }
    auto& last = state.states.at<Last>(state_at_[i]);
    last.index = found[0];
    last.prior = found[1];
    last.time = found[0] >= 0 ? state.time(found[0]) : kNever;
  }
}

bool KeyedWindows::Erase(std::string_view key, int64_t event_time_micros, uint64_t event_hash) {
  KeyState* state = FindHeld(key);
  if (state == nullptr) return false;
  for (size_t k = LowerBound(*state, event_time_micros);
       k < state->held() && state->time_at(k) == event_time_micros; ++k) {
    if (state->hash_at(k) != Fold(event_hash)) continue;
    for (size_t w = 0; w < stride_; ++w) state->log.erase(k * stride_);
    // The key's clock stays: the windows read as of it, and what the erased event pushed out
    // of them would be out of every window of the key's next event too.
    Recompute(*state);
    return true;
  }
  return false;
}

void KeyedWindows::ReadAll(const KeyState& state, std::span<Value> out) const {
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].function != Function::kTimeSinceLast) {
      out[i] = Read(state, i);
      continue;
    }
    const auto& last = state.states.at<Last>(state_at_[i]);
    out[i] = last.time == kNever ? Value::Null() : SecondsBetween(last.time, state.latest);
  }
}

void KeyedWindows::Advance(KeyState& state, size_t r, int64_t now) {
  const Range& range = ranges_[r];
  Bounds& bounds = state.bounds(range.bounds_at);
  const int64_t upper = now - range.delay_micros;  // the window is (lower, upper]
  const int64_t lower = upper - range.window_micros;
  const int64_t held = state.end_index();
  for (; bounds.end < held && state.time(bounds.end) <= upper; ++bounds.end) {
    for (size_t i : range.members) Insert(state, i, bounds.end);
  }
  for (; bounds.start < bounds.end && state.time(bounds.start) <= lower; ++bounds.start) {
    for (size_t i : range.members) Remove(state, i, bounds.start);
  }
}

void KeyedWindows::Insert(KeyState& state, size_t i, int64_t index) {
  const uint32_t flags = state.flags(index);
  if (!Counts(flags, i)) return;
  StateBlock& states = state.states;
  switch (specs_[i].function) {
    case Function::kCount:
      ++states.at<Counted>(state_at_[i]).count;
      break;
    case Function::kFraudCount:
    case Function::kFraudRate: {
      auto& labelled = states.at<Labelled>(state_at_[i]);
      ++labelled.count;
      if (IsFraud(flags)) ++labelled.fraud;
      break;
    }
    case Function::kSum:
    case Function::kMean: {
      auto& summed = states.at<Summed>(state_at_[i]);
      ++summed.count;
      summed.sum.Add(std::bit_cast<double>(state.value(index, value_slot_[i])));
      break;
    }
    case Function::kMin:
    case Function::kMax: {
      const double value = std::bit_cast<double>(state.value(index, value_slot_[i]));
      const bool is_min = specs_[i].function == Function::kMin;
      auto& queue = states.queue(state_at_[i]);
      while (!queue.empty()) {
        const double back = queue.back().value;
        if (is_min ? back < value : back > value) break;
        queue.pop_back();
      }
      queue.push_back({index, value});
      break;
    }
    case Function::kDistinctCount:
      states.table(state_at_[i]).Increment(state.value(index, value_slot_[i]));
      break;
    case Function::kTimeSinceLast:
      break;  // not in a range
  }
}

void KeyedWindows::Remove(KeyState& state, size_t i, int64_t index) {
  const uint32_t flags = state.flags(index);
  if (!Counts(flags, i)) return;
  StateBlock& states = state.states;
  switch (specs_[i].function) {
    case Function::kCount:
      --states.at<Counted>(state_at_[i]).count;
      break;
    case Function::kFraudCount:
    case Function::kFraudRate: {
      auto& labelled = states.at<Labelled>(state_at_[i]);
      --labelled.count;
      if (IsFraud(flags)) --labelled.fraud;
      break;
    }
    case Function::kSum:
    case Function::kMean: {
      auto& summed = states.at<Summed>(state_at_[i]);
      summed.sum.Add(-std::bit_cast<double>(state.value(index, value_slot_[i])));
      if (--summed.count == 0) summed.sum = {};
      break;
    }
    case Function::kMin:
    case Function::kMax: {
      // The queue is empty exactly when the window counts no event.
      auto& queue = states.queue(state_at_[i]);
      if (!queue.empty() && queue.front().index == index) queue.pop_front();
      if (queue.empty()) queue.Trim();
      break;
    }
    case Function::kDistinctCount:
      states.table(state_at_[i]).Decrement(state.value(index, value_slot_[i]));
      break;
    case Function::kTimeSinceLast:
      break;  // not in a range
  }
}

Value KeyedWindows::Read(const KeyState& state, size_t i) const {
  const StateBlock& states = state.states;
  switch (specs_[i].function) {
    case Function::kCount:
      return Value::Integer(states.at<Counted>(state_at_[i]).count);
    case Function::kSum:
      return Value::Float(states.at<Summed>(state_at_[i]).sum.value());
    case Function::kMean: {
      const auto& summed = states.at<Summed>(state_at_[i]);
      return summed.count == 0
                 ? Value::Null()
                 : Value::Float(summed.sum.value() / static_cast<double>(summed.count));
    }
    case Function::kMin:
    case Function::kMax: {
      const auto& queue = states.queue(state_at_[i]);
      if (queue.empty()) return Value::Null();
      return Value::Float(queue.front().value);
    }
    case Function::kDistinctCount:
      return Value::Integer(static_cast<int64_t>(states.table(state_at_[i]).size()));
    case Function::kFraudCount:
      return Value::Integer(states.at<Labelled>(state_at_[i]).fraud);
    case Function::kFraudRate: {
      const auto& labelled = states.at<Labelled>(state_at_[i]);
      return Value::Float(labelled.count == 0 ? 0.0
                                              : static_cast<double>(labelled.fraud) /
                                                    static_cast<double>(labelled.count));
    }
    case Function::kTimeSinceLast:
      break;  // answered in Add
  }
  return Value::Null();
}

void KeyedWindows::DropLeftBehind(KeyState& state) {
  int64_t keep_from = state.end_index();
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (range_of_[i] >= 0) {
      const Range& range = ranges_[static_cast<size_t>(range_of_[i])];
      keep_from = std::min(keep_from, state.bounds(range.bounds_at).start);
    } else if (const auto& last = state.states.at<Last>(state_at_[i]); last.index >= 0) {
      keep_from = std::min(keep_from, last.prior >= 0 ? last.prior : last.index);
    }
  }
  if (state.base < keep_from) {
    for (int64_t n = (keep_from - state.base) * static_cast<int64_t>(stride_); n > 0; --n) {
      state.log.pop_front();
    }
    state.base = keep_from;
  }
  state.log.Trim();
}

void KeyedWindows::Forget(int64_t now) {
  adds_since_sweep_ = 0;
  keys_.EraseIf([&](const KeyState& state) { return state.latest < now - retention_micros_; });
}

bool KeyedWindows::Label(std::string_view key, int64_t event_time_micros, uint64_t event_hash,
                         bool fraud) {
  KeyState* state = FindHeld(key);
  if (state == nullptr) return false;
  for (size_t k = LowerBound(*state, event_time_micros);
       k < state->held() && state->time_at(k) == event_time_micros; ++k) {
    if (state->hash_at(k) != Fold(event_hash)) continue;
    const uint32_t flags = state->flags_at(k);
    if (IsFraud(flags) == fraud) return true;
    state->word(k, 1) ^= kFraudBit;
    const int64_t index = state->base + static_cast<int64_t>(k);
    for (const Range& range : ranges_) {
      const Bounds& bounds = state->bounds(range.bounds_at);
      if (index < bounds.start || index >= bounds.end) continue;
      for (size_t i : range.members) {
        const Function function = specs_[i].function;
        if (Counts(flags, i) &&
            (function == Function::kFraudCount || function == Function::kFraudRate)) {
          state->states.at<Labelled>(state_at_[i]).fraud += fraud ? 1 : -1;
        }
      }
    }
    return true;
  }
  return false;
}

WindowStats KeyedWindows::Stats() const {
  WindowStats stats;
  stats.keys = keys_.size();
  stats.bytes = sizeof(*this) + keys_.capacity() * keys_.slot_bytes();
  keys_.ForEach([&](std::string_view key, const KeyState& state) {
    stats.events += state.held();
    // The key's text when it is too long to lie in its slot, the log, the state block and
    // what its queues and tables hold.
    stats.bytes += (key.size() < sizeof(std::string) / 2 ? 0 : key.size() + 1) +
                   state.log.capacity() * sizeof(uint64_t) +
                   StateBlock::Bytes(queues_, tables_, plain_bytes_);
    for (size_t q = 0; q < queues_; ++q) {
      stats.bytes += state.states.queue(q).capacity() * sizeof(StateBlock::Indexed);
    }
    for (size_t t = 0; t < tables_; ++t) {
      stats.bytes += state.states.table(t).capacity() * 2 * sizeof(uint64_t);
    }
  });
  return stats;
}

}  // namespace vigil::features
