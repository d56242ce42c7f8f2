#include "features/keyed_windows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace vigil::features {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

// The tests give every aggregate a value source of its own: source i for specs[i].
struct EventInput {
  bool counted = true;
  double number = 0;
  uint64_t distinct = 0;
};

KeyedWindows Make(std::vector<WindowSpec> specs) {
  for (size_t i = 0; i < specs.size(); ++i) specs[i].source = i;
  const size_t sources = specs.size();
  auto windows = KeyedWindows::Create(std::move(specs), sources);
  EXPECT_TRUE(windows) << windows.error().message;
  return std::move(*windows);
}

void Add(KeyedWindows& windows, const std::string& key, int64_t time, uint64_t hash,
         const std::vector<EventInput>& inputs, std::span<Value> out) {
  uint64_t counted = 0;
  std::vector<SourceValue> sources;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].counted) counted |= uint64_t{1} << i;
    sources.push_back({inputs[i].number, inputs[i].distinct});
  }
  windows.Add(key, time, hash, counted, sources, out);
}

std::vector<Value> AddEvent(KeyedWindows& windows, const std::string& key, int64_t time,
                            uint64_t hash, const std::vector<EventInput>& inputs) {
  std::vector<Value> out(windows.specs().size());
  Add(windows, key, time, hash, inputs, out);
  return out;
}

TEST(KeyedWindows, CountIncludesTheCurrentEventAndDropsAnEventTheMicrosecondItLeaves) {
  KeyedWindows windows = Make({{Function::kCount, 10 * kSecond, 0}});
  EXPECT_EQ(AddEvent(windows, "card", 0, 1, {{}})[0], Value::Integer(1));
  EXPECT_EQ(AddEvent(windows, "card", 5 * kSecond, 2, {{}})[0], Value::Integer(2));
  // (t - 10 s, t]: the event at 0 is still in at 9.999999 s and gone at exactly 10 s.
  EXPECT_EQ(AddEvent(windows, "card", 10 * kSecond - 1, 3, {{}})[0], Value::Integer(3));
  EXPECT_EQ(AddEvent(windows, "card", 10 * kSecond, 4, {{}})[0], Value::Integer(3));
  EXPECT_EQ(AddEvent(windows, "other", 10 * kSecond, 5, {{}})[0], Value::Integer(1));
}

TEST(KeyedWindows, SumMeanMinMaxOverTheWindow) {
  KeyedWindows windows = Make({{Function::kSum, 100 * kSecond, 0},
                               {Function::kMean, 100 * kSecond, 0},
                               {Function::kMin, 100 * kSecond, 0},
                               {Function::kMax, 100 * kSecond, 0}});
  auto input = [](double amount) {
    return std::vector<EventInput>(4, EventInput{true, amount, 0});
  };
  AddEvent(windows, "c", 0, 1, input(10));
  AddEvent(windows, "c", 50 * kSecond, 2, input(30));
  auto out = AddEvent(windows, "c", 99 * kSecond, 3, input(20));
  EXPECT_EQ(out[0], Value::Float(60));
  EXPECT_EQ(out[1], Value::Float(20));
  EXPECT_EQ(out[2], Value::Float(10));
  EXPECT_EQ(out[3], Value::Float(30));
  out = AddEvent(windows, "c", 100 * kSecond, 4, input(25));  // the 10 has left
  EXPECT_EQ(out[0], Value::Float(75));
  EXPECT_EQ(out[1], Value::Float(25));
  EXPECT_EQ(out[2], Value::Float(20));
  EXPECT_EQ(out[3], Value::Float(30));
}

TEST(KeyedWindows, AFilteredOutEventCountsNowhereButStillMovesTime) {
  KeyedWindows windows = Make({{Function::kCount, 10 * kSecond, 0},
                               {Function::kMean, 10 * kSecond, 0},
                               {Function::kTimeSinceLast, 0, 0}});
  auto out = AddEvent(windows, "c", 0, 1, {{false}, {false, 99}, {false}});
  EXPECT_EQ(out[0], Value::Integer(0));
  EXPECT_TRUE(out[1].is_null());  // no event: no mean
  EXPECT_TRUE(out[2].is_null());  // no previous event
  out = AddEvent(windows, "c", 4 * kSecond, 2, {{true}, {true, 8}, {true}});
  EXPECT_EQ(out[0], Value::Integer(1));
  EXPECT_EQ(out[1], Value::Float(8));
  EXPECT_TRUE(out[2].is_null());  // the first counted event
  out = AddEvent(windows, "c", 6500 * 1000, 3, {{true}, {true, 4}, {true}});
  EXPECT_EQ(out[2], Value::Float(2.5));
}

TEST(KeyedWindows, DistinctCountsValuesNotEvents) {
  KeyedWindows windows = Make({{Function::kDistinctCount, 10 * kSecond, 0}});
  auto at = [&](int64_t s, uint64_t value) {
    return AddEvent(windows, "card", s * kSecond, static_cast<uint64_t>(s), {{true, 0, value}})[0];
  };
  EXPECT_EQ(at(0, 7), Value::Integer(1));
  EXPECT_EQ(at(1, 7), Value::Integer(1));
  EXPECT_EQ(at(2, 8), Value::Integer(2));
  EXPECT_EQ(at(10, 9), Value::Integer(3));  // the 7 of second 0 left, the one of second 1 stays
  EXPECT_EQ(at(11, 9), Value::Integer(2));
}

TEST(KeyedWindows, FraudRateWithADelayCountsOnlyLabelsKnownWhenItIsRead) {
  // The Handbook's terminal risk: (t - 8 d, t - 7 d] with a 1-day window and a 7-day delay.
  constexpr int64_t kDay = 86400 * kSecond;
  KeyedWindows windows = Make({{Function::kFraudRate, kDay, 7 * kDay},
                               {Function::kFraudCount, kDay, 7 * kDay},
                               {Function::kCount, kDay, 7 * kDay}});
  const std::vector<EventInput> all(3);
  AddEvent(windows, "t1", 0, 1, all);
  AddEvent(windows, "t1", kDay / 2, 2, all);
  // Seven days later the two are in the delayed window, unlabelled: rate 0 of 2.
  auto out = AddEvent(windows, "t1", 7 * kDay + kDay / 2, 3, all);
  EXPECT_EQ(out[0], Value::Float(0));
  EXPECT_EQ(out[2], Value::Integer(2));
  // A label arriving now counts at once for the window that holds the event...
  EXPECT_TRUE(windows.Label("t1", 0, 1, true));
  out = AddEvent(windows, "t1", 7 * kDay + kDay / 2 + 1, 4, all);
  EXPECT_EQ(out[0], Value::Float(0.5));
  EXPECT_EQ(out[1], Value::Integer(1));
  // ...and for event 3, which enters the delayed window later, from the moment it enters.
  EXPECT_TRUE(windows.Label("t1", 7 * kDay + kDay / 2, 3, true));
  out = AddEvent(windows, "t1", 14 * kDay + kDay / 2 + 1, 5, all);
  EXPECT_EQ(out[1], Value::Integer(1));  // 3 (fraud) and 4 (not): 1 of 2
  EXPECT_EQ(out[0], Value::Float(0.5));
  // Relabelling back to legit undoes it; an event nobody holds is reported.
  EXPECT_TRUE(windows.Label("t1", 7 * kDay + kDay / 2, 3, false));
  out = AddEvent(windows, "t1", 14 * kDay + kDay / 2 + 2, 6, all);
  EXPECT_EQ(out[1], Value::Integer(0));
  EXPECT_FALSE(windows.Label("t1", 0, 1, false));  // left every window
  EXPECT_FALSE(windows.Label("nobody", 0, 1, true));
  EXPECT_EQ(AddEvent(windows, "empty", 0, 9, all)[0], Value::Float(0));  // empty window: 0
}

TEST(KeyedWindows, ALateEventCountsAtItsOwnTimeAndReadsTheWindowsAsOfTheNewest) {
  KeyedWindows windows = Make({{Function::kCount, 10 * kSecond, 0},
                               {Function::kTimeSinceLast, 0, 0}});
  std::vector<Value> out(2);
  const std::vector<EventInput> all(2);
  Add(windows, "c", 100 * kSecond, 1, all, out);
  Add(windows, "c", 103 * kSecond, 2, all, out);
  // 2 s late: counted at 101 s (so it leaves at 111 s); the count it reads is as of 103 s.
  EXPECT_EQ(windows.Add("c", 101 * kSecond, 3, 3, {}, out), KeyedWindows::Added::kLate);
  EXPECT_EQ(out[0], Value::Integer(3));
  EXPECT_EQ(out[1], Value::Float(1));  // since the event at 100 s
  // The same event again changes nothing.
  EXPECT_EQ(windows.Add("c", 101 * kSecond, 3, 3, {}, out), KeyedWindows::Added::kRepeated);
  EXPECT_EQ(out[0], Value::Integer(3));
  EXPECT_EQ(AddEvent(windows, "c", 110 * kSecond + 1, 4, all)[0], Value::Integer(3));
  EXPECT_EQ(AddEvent(windows, "c", 111 * kSecond, 5, all)[0], Value::Integer(3));
  EXPECT_EQ(windows.Add("c", 111 * kSecond, 5, 3, {}, out), KeyedWindows::Added::kRepeated);
  // An event at or before the start of every window (111 s - 10 s) is not added.
  EXPECT_EQ(windows.Add("c", 101 * kSecond, 6, 3, {}, out), KeyedWindows::Added::kTooLate);
  EXPECT_EQ(out[0], Value::Integer(3));  // 103 s, 110.000001 s and 111 s
  EXPECT_EQ(AddEvent(windows, "c", 111 * kSecond, 7, all)[0], Value::Integer(4));
}

// One aggregate of every function over `window`; the label functions delayed by 5 s.
std::vector<WindowSpec> EveryFunction(int64_t window) {
  std::vector<WindowSpec> specs;
  for (int f = 0; f <= static_cast<int>(Function::kFraudRate); ++f) {
    const auto function = static_cast<Function>(f);
    specs.push_back({function, window, function >= Function::kFraudCount ? 5 * kSecond : 0});
  }
  return specs;
}

TEST(KeyedWindows, TheStateDependsOnTheEventsNotOnTheOrderTheyCameIn) {
  const std::vector<WindowSpec> specs = EveryFunction(40 * kSecond);
  std::mt19937_64 random(9);
  struct Event {
    std::string key;
    int64_t time;
    uint64_t hash;
    std::vector<EventInput> inputs;
  };
  std::vector<Event> events;
  for (uint64_t n = 1; n <= 2000; ++n) {
    std::vector<EventInput> inputs(specs.size());
    for (auto& input : inputs) {
      input = {random() % 4 != 0, static_cast<double>(random() % 1000), random() % 5};
    }
    events.push_back({"k" + std::to_string(random() % 3),
                      static_cast<int64_t>(n) * kSecond / 4 + static_cast<int64_t>(random() % 3),
                      n, inputs});
  }
  // The same events, in time order and shuffled within 8 s; and again, once more, repeated.
  std::vector<Event> shuffled = events;
  for (size_t i = 0; i + 1 < shuffled.size(); ++i) {
    const size_t j = i + random() % std::min<size_t>(32, shuffled.size() - i);
    std::swap(shuffled[i], shuffled[j]);
  }
  KeyedWindows in_order = Make(specs);
  KeyedWindows out_of_order = Make(specs);
  std::vector<Value> out(specs.size());
  for (const Event& e : events) Add(in_order, e.key, e.time, e.hash, e.inputs, out);
  for (const Event& e : shuffled) Add(out_of_order, e.key, e.time, e.hash, e.inputs, out);
  for (size_t i = 0; i < 300; ++i) {
    const Event& e = shuffled[i];
    Add(out_of_order, e.key, e.time, e.hash, e.inputs, out);
  }
  for (const char* key : {"k0", "k1", "k2"}) {
    in_order.Label(key, events[1990].time, events[1990].hash, true);
    out_of_order.Label(key, events[1990].time, events[1990].hash, true);
    const std::vector<EventInput> probe(specs.size(), EventInput{true, 1, 1});
    const int64_t later = events.back().time + 2 * kSecond;
    EXPECT_EQ(AddEvent(in_order, key, later, 99999, probe),
              AddEvent(out_of_order, key, later, 99999, probe))
        << key;
  }
  EXPECT_EQ(in_order.Stats().events, out_of_order.Stats().events);
}

TEST(KeyedWindows, AnErasedEventIsAsIfItHadNeverCome) {
  const std::vector<WindowSpec> specs = EveryFunction(30 * kSecond);
  std::mt19937_64 random(5);
  KeyedWindows with = Make(specs);
  KeyedWindows without = Make(specs);
  std::vector<Value> out(specs.size());
  for (uint64_t n = 1; n <= 400; ++n) {
    std::vector<EventInput> inputs(specs.size());
    for (auto& input : inputs) {
      input = {random() % 4 != 0, static_cast<double>(random() % 100), random() % 4};
    }
    const int64_t time = static_cast<int64_t>(n) * kSecond - static_cast<int64_t>(random() % 3) * kSecond;
    Add(with, "k", time, n, inputs, out);
    if (n % 7 == 0) {
      EXPECT_TRUE(with.Erase("k", time, n)) << n;
    } else {
      Add(without, "k", time, n, inputs, out);
    }
    if (n % 11 == 0) {
      with.Label("k", time, n, true);
      without.Label("k", time, n, true);
    }
  }
  EXPECT_FALSE(with.Erase("k", 5 * kSecond, 12345));
  EXPECT_FALSE(with.Erase("nobody", 0, 1));
  const std::vector<EventInput> probe(specs.size(), EventInput{true, 1, 1});
  EXPECT_EQ(AddEvent(with, "k", 401 * kSecond, 9999, probe),
            AddEvent(without, "k", 401 * kSecond, 9999, probe));
}

TEST(KeyedWindows, MemoryFollowsTheLongestWindowAndIdleKeysAreForgotten) {
  KeyedWindows windows = Make({{Function::kCount, 60 * kSecond, 0},
                               {Function::kSum, 600 * kSecond, 0}});
  for (int64_t s = 0; s < 10000; ++s) {
    AddEvent(windows, "busy", s * kSecond, static_cast<uint64_t>(s), {{}, {true, 1}});
    if (s < 100) AddEvent(windows, "idle" + std::to_string(s), s * kSecond, 0, {{}, {true, 1}});
  }
  const WindowStats stats = windows.Stats();
  EXPECT_EQ(stats.keys, 1u);  // the idle keys were forgotten 600 s after their last event
  EXPECT_LE(stats.events, 601u);
  EXPECT_LT(stats.bytes, 64u * 1024);
}

TEST(KeyedWindows, RefusesBadSpecs) {
  EXPECT_FALSE(KeyedWindows::Create({{Function::kCount, 0, 0}}, 0));
  EXPECT_FALSE(KeyedWindows::Create({{Function::kCount, kMaxWindowMicros + 1, 0}}, 0));
  EXPECT_FALSE(KeyedWindows::Create({{Function::kFraudRate, kSecond, -1}}, 0));
  EXPECT_FALSE(KeyedWindows::Create({{Function::kTimeSinceLast, 0, kSecond}}, 0));
  EXPECT_FALSE(KeyedWindows::Create(std::vector<WindowSpec>(64, {Function::kCount, kSecond, 0}), 0));
  EXPECT_FALSE(KeyedWindows::Create({{Function::kSum, kSecond, 0, 1}}, 1));  // no source 1
  auto error = KeyedWindows::Create({{Function::kSum, 0, 0}}, 1);
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().field, "window");
  EXPECT_NE(error.error().message.find("between 1 second and 90 days"), std::string::npos);
}

// The reference: every aggregate recomputed from scratch from the key's whole history.
struct Recorded {
  int64_t time;  // clamped as the windows clamp
  uint64_t hash;
  std::vector<EventInput> inputs;
  bool fraud = false;
};

// Aggregate i as of `now` over the key's `history`; time_since_last looks for the newest other
// counted event (than `self`) at or before `now`.
Value Reference(const WindowSpec& spec, size_t i, const std::vector<Recorded>& history,
                int64_t now, uint64_t self) {
  if (spec.function == Function::kTimeSinceLast) {
    std::optional<int64_t> previous;
    for (const Recorded& r : history) {
      if (r.hash != self && r.inputs[i].counted && r.time <= now) {
        previous = std::max(previous.value_or(r.time), r.time);
      }
    }
    if (!previous) return Value::Null();
    return Value::Float(static_cast<double>(now - *previous) / 1e6);
  }
  const int64_t upper = now - spec.delay_micros;
  const int64_t lower = upper - spec.window_micros;
  int64_t count = 0, fraud = 0;
  double sum = 0;
  std::vector<double> values;
  std::set<uint64_t> distinct;
  for (const Recorded& r : history) {
    if (r.time <= lower || r.time > upper || !r.inputs[i].counted) continue;
    ++count;
    fraud += r.fraud;
    sum += r.inputs[i].number;
    values.push_back(r.inputs[i].number);
    distinct.insert(r.inputs[i].distinct);
  }
  switch (spec.function) {
    case Function::kCount: return Value::Integer(count);
    case Function::kSum: return Value::Float(sum);
    case Function::kMean: return count ? Value::Float(sum / count) : Value::Null();
    case Function::kMin:
      return count ? Value::Float(*std::min_element(values.begin(), values.end())) : Value::Null();
    case Function::kMax:
      return count ? Value::Float(*std::max_element(values.begin(), values.end())) : Value::Null();
    case Function::kDistinctCount: return Value::Integer(static_cast<int64_t>(distinct.size()));
    case Function::kFraudCount: return Value::Integer(fraud);
    case Function::kFraudRate: return Value::Float(count ? double(fraud) / count : 0.0);
    default: return Value::Null();
  }
}

void ExpectSame(const Value& got, const Value& want, const std::string& where) {
  if (want.is_float() && got.is_float()) {
    EXPECT_NEAR(got.floating(), want.floating(), 1e-9 * std::max(1.0, std::abs(want.floating())))
        << where;
  } else {
    EXPECT_EQ(got, want) << where << ": got " << got.ToLiteral() << ", want " << want.ToLiteral();
  }
}

TEST(KeyedWindows, MatchesARecomputationFromScratchOnRandomHistories) {
  std::mt19937_64 random(42);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(random() % static_cast<uint64_t>(hi - lo + 1));
  };
  for (int round = 0; round < 20; ++round) {
    std::vector<WindowSpec> specs;
    for (int f = 0; f <= static_cast<int>(Function::kFraudRate); ++f) {
      const auto function = static_cast<Function>(f);
      const bool labels = function == Function::kFraudCount || function == Function::kFraudRate;
      const int64_t delay = function == Function::kTimeSinceLast
                                ? 0
                                : (labels || random() % 3 == 0 ? uniform(0, 30) * kSecond : 0);
      // Whole seconds mostly, so that events fall exactly on window edges.
      const int64_t fraction = random() % 4 == 0 ? uniform(0, 999'999) : 0;
      specs.push_back({function, uniform(1, 60) * kSecond + fraction, delay});
    }
    KeyedWindows windows = Make(specs);
    std::map<std::string, std::vector<Recorded>> history;
    std::map<std::string, int64_t> latest;
    int64_t clock = 0;
    for (uint64_t n = 1; n <= 3000; ++n) {
      const std::string key = "k" + std::to_string(uniform(0, 4));
      clock += uniform(0, 3) * kSecond / 2 + (random() % 4 == 0 ? uniform(0, 10) : 0);
      const int64_t time = random() % 20 == 0 ? clock - uniform(0, 20) * kSecond : clock;
      std::vector<EventInput> inputs(specs.size());
      for (auto& input : inputs) {
        input.counted = random() % 5 != 0;
        input.number = static_cast<double>(uniform(-500, 5000)) / 100;
        input.distinct = static_cast<uint64_t>(uniform(0, 6));
      }
      auto& mine = history[key];
      std::vector<Value> out(specs.size());
      uint64_t counted = 0;
      std::vector<SourceValue> sources;
      for (size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].counted) counted |= uint64_t{1} << i;
        sources.push_back({inputs[i].number, inputs[i].distinct});
      }
      const auto added = windows.Add(key, time, n, counted, sources, out);
      int64_t& newest = latest.try_emplace(key, std::numeric_limits<int64_t>::min()).first->second;
      const bool late = added != KeyedWindows::Added::kInOrder;
      ASSERT_EQ(late, !mine.empty() && time < newest)
          << "event " << n << " at " << time << ", the key's newest " << newest << ", added "
          << static_cast<int>(added);
      if (added != KeyedWindows::Added::kTooLate) mine.push_back({time, n, inputs});
      newest = std::max(newest, time);
      for (size_t i = 0; i < specs.size(); ++i) {
        // A late event reads the windows as of the key's newest event (time_since_last aside).
        if (late && specs[i].function == Function::kTimeSinceLast) continue;
        ExpectSame(out[i], Reference(specs[i], i, mine, late ? newest : time, n),
                   "round " + std::to_string(round) + " event " + std::to_string(n) + " " +
                       std::string(FunctionName(specs[i].function)));
      }
      if (HasFailure()) return;
      // Now and then a label for a random earlier event of a random key.
      if (random() % 3 == 0) {
        auto& target = history["k" + std::to_string(uniform(0, 4))];
        if (target.empty()) continue;
        Recorded& r =
            target[static_cast<size_t>(uniform(0, static_cast<int64_t>(target.size()) - 1))];
        const bool fraud = random() % 2 == 0;
        const std::string target_key =
            std::find_if(history.begin(), history.end(),
                         [&](const auto& kv) { return &kv.second == &target; })->first;
        if (windows.Label(target_key, r.time, r.hash, fraud)) r.fraud = fraud;
      }
    }
  }
}

}  // namespace
}  // namespace vigil::features

namespace vigil::features {
namespace {

// Label finds a held event by its time however unevenly the key's events are spread (bursts of
// one instant, long gaps), and finds nothing at a time no held event has.
TEST(KeyedWindows, LabelFindsEveryHeldEventHoweverTheTimesAreSpread) {
  KeyedWindows windows = Make({{Function::kFraudCount, 1'000'000 * kSecond, 0}});
  std::mt19937_64 random(3);
  std::vector<std::pair<int64_t, uint64_t>> held;
  std::vector<Value> out(1);
  int64_t time = 0;
  for (uint64_t n = 1; n <= 3000; ++n) {
    const uint64_t gap = random() % 10;
    time += gap < 5 ? 0 : gap < 9 ? static_cast<int64_t>(random() % 3) * kSecond
                                  : static_cast<int64_t>(random() % 500) * kSecond;
    Add(windows, "k", 2 * time, n, {{}}, out);  // even times only: odd ones have no event
    held.emplace_back(2 * time, n);
  }
  std::shuffle(held.begin(), held.end(), random);
  for (const auto& [at, hash] : held) {
    ASSERT_TRUE(windows.Label("k", at, hash, true)) << at;
    ASSERT_FALSE(windows.Label("k", at + 1, hash, true)) << at;
    ASSERT_FALSE(windows.Label("k", at, hash + 100'000, true)) << at;
  }
  // Every one of them is labelled fraud now, once each.
  EXPECT_EQ(AddEvent(windows, "k", 2 * time, 1'000'000, {{}})[0], Value::Integer(3000));
}

}  // namespace
}  // namespace vigil::features
