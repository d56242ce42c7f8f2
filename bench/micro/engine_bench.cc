// Micro benchmarks of the decision path, in process and without I/O:
//   BM_DecodeDetectBody   the seed's /detect body -> EventInput
//   BM_CompileRule        one DETECTORPL rule of the example's kind
//   BM_EvaluateTenRules   ten compiled rules over one event's values
//   BM_Decide             Decide() with the example detector (5 rules, FIRST_MATCHED falls through)
//   BM_DecideAndRecord    Decide() plus writing the decision record and the answer as JSON
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "api/detect_request.h"
#include "catalog/detector_document.h"
#include "core/yaml.h"
#include "engine/decide.h"
#include "engine/decision_record.h"
#include "rules/rules.h"

namespace vigil {
namespace {

engine::SnapshotPtr ExampleSnapshot() {
  std::ifstream in(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto catalog = std::make_shared<catalog::Catalog>();
  auto doc = catalog::DocumentFromJson(*YamlToJson(text.str()));
  (void)catalog::Apply(*catalog, *doc, 1);
  return *engine::Snapshot::Build(catalog);
}

constexpr const char* kSeedBody =
    R"({"event_id":"abc123","transaction_amount":12.5,"ip_address":"123.45.67.89","account_id":"user_789"})";

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

// The seed's event, addressed to the example detector.
engine::EventInput SeedInput() {
  engine::EventInput input = *api::DecodeDetectBody(kSeedBody);
  input.detector_id = "transaction_detector";
  return input;
}

void BM_Decide(benchmark::State& state) {
  const engine::SnapshotPtr snapshot = ExampleSnapshot();
  const engine::EventInput input = SeedInput();
  for (auto _ : state) {
    auto decision = engine::Decide(snapshot, input, 1'752'582'896'000'000);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_Decide);

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

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
