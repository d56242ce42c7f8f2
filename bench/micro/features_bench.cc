// Aggregate variables: what updating and reading the windows costs per event.
//   build/bench/micro/features_bench
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "features/keyed_windows.h"

namespace vigil::features {
namespace {

constexpr int64_t kDay = 86400 * kMicrosPerSecond;

// Ten aggregates over one key (a card), of the Handbook's kind: counts and means over 1, 7 and 30
// days, a max, a distinct count, the time since the last payment and a delayed fraud rate.
std::vector<WindowSpec> TenAggregates() {
  // Source 0: the amount; source 1: the terminal (distinct terminals of 30 days).
  return {{Function::kCount, kDay, 0},      {Function::kMean, kDay, 0, 0},
          {Function::kCount, 7 * kDay, 0},  {Function::kMean, 7 * kDay, 0, 0},
          {Function::kCount, 30 * kDay, 0}, {Function::kMean, 30 * kDay, 0, 0},
          {Function::kMax, 7 * kDay, 0, 0}, {Function::kDistinctCount, 30 * kDay, 0, 1},
          {Function::kTimeSinceLast, 0, 0}, {Function::kFraudRate, 7 * kDay, 7 * kDay}};
}

// 5,000 cards paying about twice a day each (the Handbook's population), in time order.
void BM_TenAggregatesPerEvent(benchmark::State& state) {
  auto windows = KeyedWindows::Create(TenAggregates(), 2);
  std::mt19937_64 random(1);
  const int kCards = static_cast<int>(state.range(0));
  std::vector<std::string> cards;
  for (int i = 0; i < kCards; ++i) cards.push_back(std::to_string(i));
  std::vector<SourceValue> sources(2);
  std::vector<Value> out(10);
  int64_t now = 0;
  uint64_t n = 0;
  for (auto _ : state) {
    now += kDay / (2 * kCards);
    const std::string& card = cards[random() % kCards];
    sources[0].number = static_cast<double>(random() % 20000) / 100;
    sources[1].hash = random() % 50;
    windows->Add(card, now, ++n, ~uint64_t{0}, sources, out);
    benchmark::DoNotOptimize(out.data());
  }
  const WindowStats stats = windows->Stats();
  state.counters["keys"] = static_cast<double>(stats.keys);
  state.counters["bytes_per_key"] =
      stats.keys ? static_cast<double>(stats.bytes) / static_cast<double>(stats.keys) : 0;
  state.counters["events_per_key"] =
      stats.keys ? static_cast<double>(stats.events) / static_cast<double>(stats.keys) : 0;
}
BENCHMARK(BM_TenAggregatesPerEvent)->Arg(50)->Arg(5000)->Iterations(2000000);

}  // namespace
}  // namespace vigil::features

BENCHMARK_MAIN();
