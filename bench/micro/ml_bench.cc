// Single-row scoring of a tree ensemble: our flat inference beside XGBoost's own, on the same
// model (200 trees of depth 6 over 20 features, trained here by XGBoost on synthetic data with 5%
// missing values) and the same rows.
//   BM_OursPredictProbability     TreeEnsemble::PredictProbability
//   BM_XgboostPredictRow          XGBoosterPredictFromDense with a reused proxy DMatrix
//                                 (XGBoost's in-place prediction, its fastest single-row path)
//   build/bench/micro/ml_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "ml/test_data.h"
#include "ml/xgboost_booster.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {
namespace {

constexpr size_t kFeatures = 20;
constexpr size_t kRows = 4096;  // scored in turn, so that branch history cannot learn one row

struct Fixture {
  std::string xgboost_json;
  TreeEnsemble ensemble;
  testing::SyntheticData rows;
};

const Fixture& TheModel() {
  static const Fixture fixture = [] {
    const testing::SyntheticData train = testing::MakeSyntheticData(20000, kFeatures, 1);
    TrainOptions options;
    options.rounds = 200;
    options.max_depth = 6;
    options.eta = 0.1;
    options.nthread = 2;
    auto model = TrainXgboost(TrainingData{train.matrix(), train.labels, {}, {}}, options);
    if (!model) {
      std::fprintf(stderr, "training failed: %s\n", model.error().message.c_str());
      std::exit(1);
    }
    return Fixture{std::move(model->xgboost_json), std::move(model->ensemble),
                   testing::MakeSyntheticData(kRows, kFeatures, 2)};
  }();
  return fixture;
}

void BM_OursPredictProbability(benchmark::State& state) {
  const Fixture& f = TheModel();
  size_t r = 0;
  for (auto _ : state) {
    auto p = f.ensemble.PredictProbability(f.rows.matrix().row(r));
    benchmark::DoNotOptimize(p);
    r = (r + 1) % kRows;
  }
  state.counters["trees"] = static_cast<double>(f.ensemble.num_trees());
}
BENCHMARK(BM_OursPredictProbability);

void BM_XgboostPredictRow(benchmark::State& state) {
  const Fixture& f = TheModel();
  auto booster = XgboostBooster::FromJson(f.xgboost_json);
  if (!booster) {
    state.SkipWithError(booster.error().message.c_str());
    return;
  }
  size_t r = 0;
  for (auto _ : state) {
    auto p = booster->PredictRow(f.rows.matrix().row(r));
    benchmark::DoNotOptimize(p);
    r = (r + 1) % kRows;
  }
}
BENCHMARK(BM_XgboostPredictRow);

}  // namespace
}  // namespace vigil::ml

BENCHMARK_MAIN();
