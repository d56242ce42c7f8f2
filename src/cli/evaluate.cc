#include "cli/evaluate.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include "cli/command_error.h"
#include "cli/progress_line.h"
#include "cli/store_persistence.h"
#include "training/training_replay.h"
#include "core/time_format.h"
#include "ml/metrics.h"
#include "ml/splits.h"
#include "ml/training_fit.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

int64_t DayOf(int64_t micros) {
  return micros >= 0 ? micros / kMicrosPerDay : (micros - kMicrosPerDay + 1) / kMicrosPerDay;
}

std::string DateOf(int64_t day) { return FormatIso8601(day * kMicrosPerDay).substr(0, 10); }

struct FoldResult {
  std::string train_start;
  size_t train = 0, train_frauds = 0, test = 0, test_frauds = 0;
  std::optional<ml::Auc> auc;
  std::optional<double> ap, cp;
  double seconds = 0;
};

struct Spread {
  double mean = 0, std = 0;
};
Spread SpreadOf(const std::vector<double>& values) {
  Spread s;
  if (values.empty()) return s;
  for (double v : values) s.mean += v;
  s.mean /= static_cast<double>(values.size());
  for (double v : values) s.std += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(s.std / static_cast<double>(values.size()));
  return s;
}

}  // namespace

CLI::App* AddEvaluateCommand(CLI::App& app, EvaluateFlags& flags) {
  CLI::App* sub = app.add_subcommand(
      "evaluate",
      "Train and test a model on stored events with the Handbook's prequential protocol");
  sub->add_option("--data-dir", flags.data_dir, "Data directory [env VIGIL_DATA_DIR]")
      ->capture_default_str();
  sub->add_option("--event-type", flags.event_type, "Event type of the stored events")->required();
  AddModelInputFlags(*sub, flags.inputs, flags.fraud_labels, flags.legit_labels);
  sub->add_option("--train-start", flags.train_start,
                  "First day (YYYY-MM-DD) of the latest fold's training (default: its test "
                  "ends with the data)");
  sub->add_option("--folds", flags.folds, "Folds, a week apart")
      ->capture_default_str()
      ->check(CLI::Range(1, 52));
  sub->add_option("--train-days", flags.train_days)->capture_default_str()->check(CLI::Range(1, 365));
  sub->add_option("--delay-days", flags.delay_days)->capture_default_str()->check(CLI::Range(0, 365));
  sub->add_option("--test-days", flags.test_days)->capture_default_str()->check(CLI::Range(1, 365));
  sub->add_option("--k", flags.k, "Cards investigated per day (Card Precision@k)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  sub->add_option("--scores", flags.scores,
                  "Also write every test event's score to this CSV file (fold, event_timestamp, "
                  "entity_id, probability, fraud)");
  AddXgboostFlags(*sub, flags.xgboost);
  return sub;
}

int RunEvaluate(const EvaluateFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  store::StoreOptions options;
  options.directory = flags.data_dir;
  auto store = store::OpenSqliteStore(options);
  if (!store) return ReportError("cannot open " + flags.data_dir, store.error(), 1);
  auto loaded = LoadCatalog(**store);
  if (!loaded) return ReportError("cannot load the catalog", loaded.error(), 1);
  auto catalog = std::make_shared<const catalog::Catalog>(std::move(*loaded));
  if (catalog->event_types.count(flags.event_type) == 0) {
    return ReportError("cannot evaluate", Error{ErrorCode::kNotFound, "event type '" + flags.event_type + "' does not exist in " + flags.data_dir, "event_type"}, 2);
  }

  training::TrainingReplayOptions replay_options;
  replay_options.event_type = flags.event_type;
  replay_options.inputs = flags.inputs;
  replay_options.labels = {flags.fraud_labels, flags.legit_labels};
  auto total = (*store)->CountEvents(flags.event_type);
  if (!total) return ReportError("cannot count the stored events", total.error(), 1);
  ProgressLine progress;
  replay_options.progress = [&](int64_t read) {
    progress.Show("replay", static_cast<uint64_t>(read), static_cast<uint64_t>(*total));
  };
  auto replay = training::ReplayTrainingSet(**store, catalog, replay_options);
  progress.Clear();
  if (!replay) {
    return ReportError("cannot replay " + flags.event_type, replay.error(),
                 replay.error().code == ErrorCode::kInternal ? 1 : 2);
  }
  const ml::TrainingSet& set = replay->set;
  std::fprintf(stderr, "replayed %s events of %s (%s labelled, %s skipped) in %.1f s; inputs: ",
               Thousands(replay->counts.events).c_str(), flags.event_type.c_str(),
               Thousands(set.rows()).c_str(), Thousands(replay->counts.skipped).c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  for (size_t i = 0; i < set.columns.size(); ++i) {
    std::fprintf(stderr, "%s%s", i ? ", " : "", set.columns[i].variable.c_str());
  }
  std::fprintf(stderr, "\n");
  if (set.rows() == 0) {
    return ReportError("cannot evaluate", Error{ErrorCode::kInvalidArgument, "no labelled event", ""}, 2);
  }

  std::vector<ml::CardDayEvent> days(set.rows());
  for (size_t i = 0; i < set.rows(); ++i) {
    days[i] = {DayOf(set.micros[i]), set.entity[i], set.fraud[i] != 0};
  }
  ml::DelayedSplitOptions split_options{flags.train_days, flags.delay_days, flags.test_days};
  int64_t latest_train_day =
      days.back().day - flags.test_days - flags.delay_days - flags.train_days + 1;
  if (!flags.train_start.empty()) {
    auto micros = ParseIso8601(flags.train_start + "T00:00:00Z");
    if (!micros) return ReportError("--train-start " + flags.train_start, micros.error(), 2);
    latest_train_day = DayOf(*micros);
  }
  const std::vector<ml::Split> splits =
      ml::PrequentialFolds(days, latest_train_day, flags.folds, split_options);

  std::ofstream scores;
  if (!flags.scores.empty()) {
    scores.open(flags.scores, std::ios::trunc);
    if (!scores) {
      return ReportError("--scores " + flags.scores,
                         Error{ErrorCode::kInvalidArgument, "cannot be written", "scores"}, 2);
    }
    scores.precision(9);
    scores << "fold,event_timestamp,entity_id,probability,fraud\n";
  }
  ml::FitOptions fit_options;
  fit_options.xgboost = flags.xgboost;
  std::printf("fold  train_start  train_events  train_frauds  test_events  test_frauds    auc  "
              "auc_95%%_range      ap  cp@%zu  seconds\n",
              flags.k);
  std::vector<double> aucs, aps, cps;
  for (size_t f = 0; f < splits.size(); ++f) {
    const auto fold_start = std::chrono::steady_clock::now();
    const ml::Split& split = splits[f];
    FoldResult r;
    r.train_start = DateOf(latest_train_day - 7 * static_cast<int64_t>(f));
    r.train = split.train.size();
    r.test = split.test.size();
    for (size_t row : split.test) r.test_frauds += set.fraud[row];
    auto fitted = ml::FitModel(set, split.train, fit_options);
    if (!fitted) return ReportError("fold " + std::to_string(f + 1) + " (training from " + r.train_start + ")", fitted.error(), 2);
    r.train_frauds = fitted->train_frauds;
    const std::vector<double> margins = ml::PredictMargins(*fitted, set, split.test);
    const auto fraud = std::make_unique<bool[]>(split.test.size());
    std::vector<ml::CardEvent> cards(split.test.size());
    for (size_t i = 0; i < split.test.size(); ++i) {
      const size_t row = split.test[i];
      fraud[i] = set.fraud[row] != 0;
      cards[i] = {days[row].day, set.entity[row], margins[i], fraud[i]};
      if (scores.is_open()) {
        scores << f + 1 << ',' << FormatIso8601(set.micros[row]) << ','
               << set.entity_ids[static_cast<size_t>(set.entity[row])] << ','
               << 1.0 / (1.0 + std::exp(-margins[i])) << ',' << int{fraud[i]} << '\n';
      }
    }
    const std::span<const bool> labels(fraud.get(), split.test.size());
    r.auc = ml::RocAuc(margins, labels);
    r.ap = ml::AveragePrecision(margins, labels);
    r.cp = ml::CardPrecisionAtK(cards, flags.k);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - fold_start).count();
    if (r.auc) aucs.push_back(r.auc->value);
    if (r.ap) aps.push_back(*r.ap);
    if (r.cp) cps.push_back(*r.cp);
    std::printf("%4zu  %s  %12zu  %12zu  %11zu  %11zu  %5.3f  [%5.3f, %5.3f]  %6.3f  %6.3f  %7.1f\n",
                f + 1, r.train_start.c_str(), r.train, r.train_frauds, r.test, r.test_frauds,
                r.auc ? r.auc->value : NAN, r.auc ? r.auc->lower : NAN, r.auc ? r.auc->upper : NAN,
                r.ap.value_or(NAN), r.cp.value_or(NAN), r.seconds);
    std::fflush(stdout);
  }
  if (scores.is_open()) {
    scores.close();
    if (!scores) {
      return ReportError("--scores " + flags.scores,
                         Error{ErrorCode::kInternal, "writing failed", "scores"}, 1);
    }
  }
  const Spread auc = SpreadOf(aucs), ap = SpreadOf(aps), cp = SpreadOf(cps);
  std::printf("mean auc %.3f +/- %.3f  ap %.3f +/- %.3f  cp@%zu %.3f +/- %.3f  (%zu folds)\n",
              auc.mean, auc.std, ap.mean, ap.std, flags.k, cp.mean, cp.std, splits.size());
  return 0;
}

}  // namespace vigil::cli
