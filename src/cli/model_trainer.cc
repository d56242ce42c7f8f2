#include "cli/model_trainer.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "engine/snapshot.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

// A directory of its own under the system's temporary one, removed with everything in it.
class ScratchDirectory {
 public:
  ScratchDirectory() = default;
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  Result<std::string> Make() {
    std::string name = (std::filesystem::temp_directory_path() / "vigil-train-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) {
      return Fail(ErrorCode::kUnavailable,
                  "cannot make a scratch directory: " + std::string(std::strerror(errno)));
    }
    path_ = name;
    return name;
  }

 private:
  std::string path_;
};

// The rows of an AFD-format CSV as events of `event_type`, in a store in `dir`. Rejected rows
// are counted and left out, as `vigil import` does.
Result<std::unique_ptr<store::Store>> ReadCsvEvents(const std::string& file,
                                                    const std::string& event_type,
                                                    catalog::CatalogPtr catalog,
                                                    ScratchDirectory& dir, CsvImport& read) {
  VIGIL_TRY(snapshot, engine::Snapshot::Build(std::move(catalog)));
  const engine::CompiledEventType* type = snapshot->FindEventType(event_type);
  if (type == nullptr) {
    return Fail(ErrorCode::kNotFound, "event type '" + event_type +
                                          "' does not exist (its declaration says what to read)");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot open " + file + ": " + std::strerror(errno));
  VIGIL_TRY(path, dir.Make());
  store::StoreOptions options;
  options.directory = path;
  options.durability = store::Durability::kNone;
  VIGIL_TRY(store, store::OpenSqliteStore(options));
  std::error_code size_error;
  const auto size = std::filesystem::file_size(file, size_error);
  auto imported = ImportAfdCsv(in, size_error ? 0 : size, *type, *store, 10'000);
  if (!imported) {
    return Fail(imported.error().code, file + ": " + imported.error().message,
                imported.error().field);
  }
  read = std::move(*imported);
  return store;
}

}  // namespace

Result<TrainingRun> TrainRequest(store::Store& stored_events, catalog::CatalogPtr catalog,
                                 const api::TrainingRequest& request,
                                 const ml::TrainOptions& xgboost, TrainingProgress progress) {
  training::ModelTrainingOptions options;
  options.replay.event_type = request.event_type;
  options.replay.inputs = request.inputs;
  options.replay.labels = request.label_schema;
  options.replay.from_micros = request.from_micros;
  options.replay.until_micros = request.until_micros;
  options.holdout_share = request.holdout_share;
  options.gap_micros = request.gap_micros;
  options.fit.xgboost = xgboost;
  options.title = request.model_id + " (" + request.event_type + ")";
  options.progress = std::move(progress);

  std::optional<CsvImport> csv;
  store::Store* events = &stored_events;
  ScratchDirectory scratch_dir;  // outlives the store in it
  std::unique_ptr<store::Store> scratch;
  if (!request.csv_path.empty()) {
    CsvImport read;
    VIGIL_TRY(store, ReadCsvEvents(request.csv_path, request.event_type, catalog, scratch_dir,
                                   read));
    csv = std::move(read);
    scratch = std::move(store);
    events = scratch.get();
  }
  VIGIL_TRY(trained, training::TrainModelVersion(*events, std::move(catalog), options));
  return TrainingRun{std::move(trained), std::move(csv)};
}

}  // namespace vigil::cli
