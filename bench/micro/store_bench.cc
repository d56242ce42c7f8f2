// Micro benchmarks of the embedded store (store/sqlite), on real files in a fresh directory under
// $TMPDIR (or /tmp), through the Store interface as `vigil serve` uses it:
//   BM_DurableAppend/B   records made durable per second (Durability::kSync: an fdatasync per
//                        commit) when every commit holds B records (max_batch = B, the queue kept
//                        fuller than a batch), for B = 1, 10, 100
//   BM_UnsyncedAppend/B  the same without any fsync (Durability::kNone): the baseline that shows
//                        what the fsync costs on this disk
// The records are the example detector's decision record for the seed's event, under a fresh,
// growing event id each (as ULIDs or counters grow).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>

#include "api/decision_row.h"
#include "engine/decide.h"
#include "example_detector.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::bench {
namespace {

// A fresh directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/vigil-store-bench-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The example's decision for the seed's event, as the /detect handler stores it.
store::DecisionRecord TemplateRecord() {
  auto decision = engine::Decide(ExampleSnapshot(), SeedInput(), 1'752'582'896'000'000);
  return api::DecisionRow(*decision);
}

// Counts acknowledged appends; lets the producer wait until few enough are outstanding.
class Acks {
 public:
  store::AppendCallback Callback() {
    return [this](Result<store::AppendOutcome> outcome) {
      std::lock_guard lock(mu_);
      if (!outcome && error_.empty()) error_ = outcome.error().message;
      ++acked_;
      changed_.notify_all();
    };
  }
  // Blocks until at most `n` of the `appended` are unacknowledged.
  void WaitOutstandingAtMost(uint64_t appended, uint64_t n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return appended - acked_ <= n; });
  }
  uint64_t acked() {
    std::lock_guard lock(mu_);
    return acked_;
  }
  std::string error() {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  uint64_t acked_ = 0;
  std::string error_;
};

// One iteration appends one batch of B records. Up to 8 batches are outstanding, so that while
// one batch is being synced and the next committed, the queue still holds a full batch for the
// writer to take: every commit holds exactly B records (the mean_batch counter checks it).
void RunAppends(benchmark::State& state, store::Durability durability) {
  const auto batch = static_cast<uint64_t>(state.range(0));
  TempDir dir;
  std::atomic<uint64_t> commits{0}, committed{0};
  store::StoreOptions options;
  options.directory = dir.path();
  options.durability = durability;
  options.max_batch = batch;
  options.on_commit = [&](size_t size, int64_t) {
    commits.fetch_add(1, std::memory_order_relaxed);
    committed.fetch_add(size, std::memory_order_relaxed);
  };
  auto store = store::OpenSqliteStore(options);
  if (!store) return state.SkipWithError(store.error().message.c_str());
  const store::DecisionRecord base = TemplateRecord();
  char id[32];
  Acks acks;
  uint64_t appended = 0;
  for (auto _ : state) {
    acks.WaitOutstandingAtMost(appended, 7 * batch);
    for (uint64_t k = 0; k < batch; ++k) {
      store::DecisionRecord record = base;
      snprintf(id, sizeof id, "bench-%012llu", static_cast<unsigned long long>(++appended));
      record.event_id = id;
      if (record.event) record.event->event_id = id;
      (*store)->AppendDecision(std::move(record), acks.Callback());
    }
  }
  // Durable by the end of the timed loop; the rest is drained untimed.
  const uint64_t durable = acks.acked();
  const uint64_t commit_count = commits.load();
  const uint64_t commit_records = committed.load();
  acks.WaitOutstandingAtMost(appended, 0);
  (void)(*store)->Close();
  if (!acks.error().empty()) return state.SkipWithError(acks.error().c_str());
  state.counters["records_per_s"] =
      benchmark::Counter(static_cast<double>(durable), benchmark::Counter::kIsRate);
  state.counters["commits_per_s"] =
      benchmark::Counter(static_cast<double>(commit_count), benchmark::Counter::kIsRate);
  state.counters["mean_batch"] = static_cast<double>(commit_records) /
                                 static_cast<double>(std::max<uint64_t>(1, commit_count));
}

void BM_DurableAppend(benchmark::State& state) { RunAppends(state, store::Durability::kSync); }
BENCHMARK(BM_DurableAppend)->Arg(1)->Arg(10)->Arg(100)->Arg(500)->UseRealTime()->MinTime(2.0);

void BM_UnsyncedAppend(benchmark::State& state) { RunAppends(state, store::Durability::kNone); }
BENCHMARK(BM_UnsyncedAppend)->Arg(1)->Arg(100)->Arg(500)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace vigil::bench

BENCHMARK_MAIN();
