#include "cli/train.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "catalog/codec.h"
#include "cli/afd_csv_import.h"
#include "cli/model_trainer.h"
#include "cli/command_error.h"
#include "cli/model_versions.h"
#include "cli/progress_line.h"
#include "cli/store_persistence.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/json.h"
#include "engine/catalog_service.h"
#include "engine/registry.h"
#include "store/sqlite/sqlite_store.h"
#include "training/model_training.h"

namespace vigil::cli {

namespace {

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    return Fail(ErrorCode::kInternal, "cannot write " + path.string(), "output");
  }
  return {};
}

}  // namespace

void AddModelInputFlags(CLI::App& sub, std::vector<std::string>& inputs,
                        std::vector<std::string>& fraud_labels,
                        std::vector<std::string>& legit_labels) {
  sub.add_option("--inputs", inputs,
                 "Input variables, comma-separated (default: every numeric, boolean and "
                 "datetime variable)")
      ->delimiter(',');
  sub.add_option("--fraud-labels", fraud_labels, "Labels that mean fraud")
      ->delimiter(',')
      ->capture_default_str();
  sub.add_option("--legit-labels", legit_labels, "Labels that mean legitimate")
      ->delimiter(',')
      ->capture_default_str();
}

void AddXgboostFlags(CLI::App& sub, ml::TrainOptions& o) {
  sub.add_option("--rounds", o.rounds, "Trees")->capture_default_str()->check(CLI::Range(1, 10'000));
  sub.add_option("--max-depth", o.max_depth, "Depth of a tree")
      ->capture_default_str()
      ->check(CLI::Range(1, 20));
  sub.add_option("--eta", o.eta, "Learning rate")->capture_default_str()->check(CLI::Range(0.0001, 1.0));
  sub.add_option("--subsample", o.subsample, "Share of the rows each tree sees")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1.0));
  sub.add_option("--colsample-bytree", o.colsample_bytree, "Share of the features each tree sees")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1.0));
  sub.add_option("--min-child-weight", o.min_child_weight)->capture_default_str()->check(CLI::Range(0.0, 1e6));
  sub.add_option("--scale-pos-weight", o.scale_pos_weight, "Weight of a fraud against a legitimate event")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1e6));
  sub.add_option("--seed", o.seed)->capture_default_str();
  sub.add_option("--threads", o.nthread, "Training threads")->capture_default_str()->check(CLI::Range(1, 256));
}

CLI::App* AddTrainCommand(CLI::App& app, TrainFlags& flags) {
  CLI::App* sub = app.add_subcommand(
      "train", "Train a model version from the stored events of a data directory (server stopped)");
  sub->add_option("--data-dir", flags.data_dir, "Data directory [env VIGIL_DATA_DIR]")
      ->capture_default_str();
  sub->add_option("--event-type", flags.event_type, "Event type of the stored events")->required();
  sub->add_option("--csv", flags.csv,
                  "Train on the events of this AFD-format CSV instead of the stored ones (the data "
                  "directory declares the event type and its aggregates)");
  sub->add_option("--model-id", flags.model_id, "The model's id")->required();
  AddModelInputFlags(*sub, flags.inputs, flags.fraud_labels, flags.legit_labels);
  sub->add_option("--unlabeled", flags.unlabeled,
                  "Unlabelled events: IGNORE, FRAUD, LEGIT or AUTO (AFD's)")
      ->capture_default_str()
      ->check(CLI::IsMember({"IGNORE", "FRAUD", "LEGIT", "AUTO"}));
  sub->add_option("--holdout", flags.holdout, "Share of the latest events validated on")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 0.9));
  sub->add_option("--gap", flags.gap, "Events left out before the hold-out (a duration: 7d)")
      ->capture_default_str();
  sub->add_option("--output", flags.output, "Directory for the report and the model files")
      ->capture_default_str();
  sub->add_option("--version", flags.version, "The version to add, e.g. 2.0 (default: the next)");
  sub->add_flag("!--no-add", flags.add,
                "Only write the files (the model version file among them); the data directory's "
                "catalog is not changed. Needs --version");
  sub->add_option("--description", flags.description, "The version's description");
  AddXgboostFlags(*sub, flags.xgboost);
  return sub;
}

int RunTrain(const TrainFlags& flags) {
  if (!flags.add && flags.version.empty()) {
    return ReportError("--no-add", {ErrorCode::kInvalidArgument, "needs --version: the model version file is named by it", ""}, 2);
  }
  auto gap = ParseDuration(flags.gap);
  if (!gap) return ReportError("--gap " + flags.gap, gap.error(), 2);
  store::StoreOptions store_options;
  store_options.directory = flags.data_dir;
  auto store = store::OpenSqliteStore(store_options);
  if (!store) return ReportError("cannot open " + flags.data_dir, store.error(), 1);
  auto loaded = LoadCatalog(**store);
  if (!loaded) return ReportError("cannot load the catalog", loaded.error(), 1);
  auto catalog = std::make_shared<const catalog::Catalog>(std::move(*loaded));
  auto built = engine::Snapshot::Build(catalog);
  if (!built) return ReportError("the stored catalog does not compile", built.error(), 1);
  engine::Registry registry(std::move(*built));

  api::TrainingRequest request;
  request.model_id = flags.model_id;
  request.event_type = flags.event_type;
  request.inputs = flags.inputs;
  request.label_schema = {flags.fraud_labels, flags.legit_labels,
                          *catalog::ParseUnlabeledTreatment(flags.unlabeled)};
  request.holdout_share = flags.holdout;
  request.gap_micros = *gap;
  request.csv_path = flags.csv;
  ProgressLine line;
  auto run = TrainRequest(**store, catalog, request, flags.xgboost,
                          [&](std::string_view stage, int64_t done, int64_t total) {
                            line.Show(stage, static_cast<uint64_t>(done),
                                      static_cast<uint64_t>(total));
                          });
  line.Clear();
  if (run && run->csv) {
    std::fprintf(stderr, "read %s events from %s; %s rows rejected\n",
                 Thousands(run->csv->imported).c_str(), flags.csv.c_str(),
                 Thousands(run->csv->rejected).c_str());
    PrintRejects(*run->csv);
  }
  if (!run) {
    return ReportError("cannot train " + flags.model_id, run.error(),
                       run.error().code == ErrorCode::kInternal ? 1 : 2);
  }
  const training::TrainedModelVersion* trained = &run->trained;
  const std::filesystem::path out(flags.output);
  std::error_code made;
  std::filesystem::create_directories(out, made);
  for (const auto& [name, text] :
       {std::pair{flags.model_id + ".report.html", trained->report_html},
        std::pair{flags.model_id + ".training_result.json",
                  boost::json::serialize(trained->training_result)},
        std::pair{flags.model_id + ".xgboost.json", trained->fitted.model.xgboost_json}}) {
    if (auto written = WriteFile(out / name, text); !written) {
      return ReportError("cannot write the results", written.error(), 1);
    }
  }
  auto version = TrainedVersion(*trained, request.label_schema);
  if (!version) return ReportError("the trained model does not load", version.error(), 1);
  version->model_id = flags.model_id;
  version->version = flags.version;
  version->description = flags.description;
  if (flags.add) {
    StorePersistence persistence(**store);
    engine::CatalogService service(registry, persistence, SystemClock::Instance());
    auto number = AddModelVersion(
        service, catalog::Model{.model_id = flags.model_id, .event_type = flags.event_type},
        *version);
    if (!number) return ReportError("cannot add the model version", number.error(), 2);
    version->version = *number;
  }
  (void)(*store)->Close();
  // The version as a detector file's models[].versions[] takes it (docs/detector-files.md).
  const std::string version_file = flags.model_id + "-" + version->version + ".json";
  if (auto written = WriteFile(out / version_file,
                               json::Serialize(catalog::ToJson(*version)) + "\n");
      !written) {
    return ReportError("cannot write the model version", written.error(), 1);
  }

  const auto& metrics = trained->training_result.at("trainingMetrics").as_object();
  const auto& sizes = trained->training_result.at("sizes").as_object();
  std::printf("trained %s version %s on %lld events (%lld fraud); validated on the latest %lld (%lld fraud)\n",
              flags.model_id.c_str(), version->version.c_str(), static_cast<long long>(sizes.at("trainingEvents").to_number<int64_t>()),
              static_cast<long long>(sizes.at("trainingFrauds").to_number<int64_t>()),
              static_cast<long long>(sizes.at("validationEvents").to_number<int64_t>()),
              static_cast<long long>(sizes.at("validationFrauds").to_number<int64_t>()));
  std::printf("auc %.3f [%.3f, %.3f]  average precision %.3f  in %.1f s\n",
              metrics.at("auc").to_number<double>(),
              metrics.at("uncertaintyRange").at("lowerBoundValue").to_number<double>(),
              metrics.at("uncertaintyRange").at("upperBoundValue").to_number<double>(),
              metrics.at("averagePrecision").to_number<double>(),
              trained->seconds);
  for (const auto& m : trained->fitted.checks.messages) {
    std::printf("%s\n", ml::FormatMessage(m).c_str());
  }
  std::printf("report: %s\n", (out / (flags.model_id + ".report.html")).c_str());
  std::printf("model version: %s%s\n", (out / version_file).c_str(),
              flags.add ? "" : " (not added to the data directory)");
  return 0;
}

}  // namespace vigil::cli
