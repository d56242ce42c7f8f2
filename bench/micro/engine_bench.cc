// Micro benchmarks of the decision path, in process and without I/O:
//   BM_DecodeDetectBody   the seed's /detect body -> EventInput
//   BM_CompileRule        one DETECTORPL rule of the example's kind
//   BM_EvaluateTenRules   ten compiled rules over one event's values
//   BM_Decide             Decide() with the example detector (5 rules, FIRST_MATCHED falls through)
//   BM_DecidePerCall      the same, each call timed on its own: p50_ns, p99_ns of one Decide()
//   BM_DecideAndRecord    Decide() plus writing the decision record and the answer as JSON
//   BM_DecideWithModel/T/D  Decide() when the version also scores a model of T trees of depth D
//                         (its score, top contributors) before the rules
#include <benchmark/benchmark.h>

#include <chrono>

#include "api/detect_request.h"
#include "engine/decide.h"
#include "engine/decision_record.h"
#include "example_detector.h"
#include "latency_histogram.h"
#include "rules/rules.h"

namespace vigil::bench {
namespace {

void BM_DecodeDetectBody(benchmark::State& state) {
  for (auto _ : state) {
    auto in = api::DecodeDetectBody(kSeedBody);
    benchmark::DoNotOptimize(in);
  }
}
BENCHMARK(BM_DecodeDetectBody);

rules::Environment TransactionEnvironment() {
  rules::Environment env;
  env.AddVariable("transaction_amount", DataType::kFloat);
  env.AddVariable("ip_address", DataType::kString);
  env.AddVariable("transaction_model_insightscore", DataType::kFloat);
  env.AddList("blocked_ips");
  return env;
}

void BM_CompileRule(benchmark::State& state) {
  const rules::Environment env = TransactionEnvironment();
  for (auto _ : state) {
    auto program = rules::Compile(
        "$transaction_amount >= 1000 and $transaction_amount < 10000 and "
        "$ip_address not in @blocked_ips",
        env);
    benchmark::DoNotOptimize(program);
  }
}
BENCHMARK(BM_CompileRule);

void BM_EvaluateTenRules(benchmark::State& state) {
  const rules::Environment env = TransactionEnvironment();
  const char* expressions[] = {
      "$ip_address in @blocked_ips",
      "$transaction_model_insightscore > 900",
      "$transaction_amount >= 10000",
      "$transaction_amount >= 1000 and $transaction_amount < 10000",
      "$ip_address == \"0.0.0.0\" and $transaction_amount > 100",
      "$transaction_amount * 2 > 50000",
      "regex_match(\"10\\..*\", $ip_address) and $transaction_amount > 5000",
      "$transaction_amount in [13, 666, 999.99]",
      "not ($transaction_amount < 1) and $transaction_model_insightscore >= 950",
      "lowercase($ip_address) == \"unknown\"",
  };
  std::vector<std::shared_ptr<const rules::Program>> programs;
  for (const char* e : expressions) programs.push_back(*rules::Compile(e, env));
  const std::vector<Value> values = {Value::Float(12.5), Value::String("123.45.67.89"), Value::Null()};
  const rules::ListValues blocked({"203.0.113.7", "198.51.100.23", "192.0.2.66"});
  const std::vector<const rules::ListValues*> lists = {&blocked};
  const rules::EvalContext context{values, lists, 0};
  for (auto _ : state) {
    int matched = 0;
    for (const auto& p : programs) matched += p->Evaluate(context);
    benchmark::DoNotOptimize(matched);
  }
}
BENCHMARK(BM_EvaluateTenRules);

void BM_Decide(benchmark::State& state) {
  const engine::SnapshotPtr snapshot = ExampleSnapshot();
  const engine::EventInput input = SeedInput();
  for (auto _ : state) {
    auto decision = engine::Decide(snapshot, input, 1'752'582'896'000'000);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_Decide);

// Google Benchmark gives the mean time of a call; this gives the distribution. Each call is timed
// with steady_clock (two clock reads, about 40 ns, are part of every sample).
void BM_DecidePerCall(benchmark::State& state) {
  const engine::SnapshotPtr snapshot = ExampleSnapshot();
  const engine::EventInput input = SeedInput();
  loadgen::LatencyHistogram nanos;
  for (auto _ : state) {
    const auto begin = std::chrono::steady_clock::now();
    auto decision = engine::Decide(snapshot, input, 1'752'582'896'000'000);
    benchmark::DoNotOptimize(decision);
    nanos.Record((std::chrono::steady_clock::now() - begin).count());
  }
  state.counters["p50_ns"] = static_cast<double>(nanos.Percentile(50));
  state.counters["p99_ns"] = static_cast<double>(nanos.Percentile(99));
}
BENCHMARK(BM_DecidePerCall);

void BM_DecideAndRecord(benchmark::State& state) {
  const engine::SnapshotPtr snapshot = ExampleSnapshot();
  const engine::EventInput input = SeedInput();
  for (auto _ : state) {
    auto decision = engine::Decide(snapshot, input, 1'752'582'896'000'000);
    std::string record = engine::RecordJson(*decision);
    std::string answer = engine::AnswerJson(*decision);
    benchmark::DoNotOptimize(answer);
    benchmark::DoNotOptimize(record);
  }
}
BENCHMARK(BM_DecideAndRecord);

void BM_DecideWithModel(benchmark::State& state) {
  const engine::SnapshotPtr snapshot = ExampleSnapshotWithModel(
      static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const engine::EventInput input = SeedInput();
  for (auto _ : state) {
    auto decision = engine::Decide(snapshot, input, 1'752'582'896'000'000);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_DecideWithModel)->Args({20, 3})->Args({200, 6});

}  // namespace
}  // namespace vigil::bench

BENCHMARK_MAIN();
