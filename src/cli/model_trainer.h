// Training a model version as `vigil train` and the server's training jobs (POST
// /v1/models/{id}/training, AFD's CreateModelVersion) both do, from one api::TrainingRequest:
// the events are the store's, or those of the request's AFD-format CSV read into a scratch store
// of their own (removed when done) and replayed through the catalog's declarations; the options
// of training::TrainModelVersion are built here and nowhere else.
//
// Blocks for the whole training; reads `stored_events` through its own scans only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "api/model_training_jobs.h"
#include "cli/afd_csv_import.h"
#include "ml/xgboost_trainer.h"
#include "store/store.h"
#include "training/model_training.h"

namespace vigil::cli {

struct TrainingRun {
  training::TrainedModelVersion trained;
  std::optional<CsvImport> csv;  // how the request's CSV was read, when it had one
};

using TrainingProgress = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// Errors: kNotFound (an unknown event type, a CSV that cannot be opened) or kInvalidArgument (a
// CSV whose header does not fit the event type), each naming the
// file; those of training::TrainModelVersion.
Result<TrainingRun> TrainRequest(store::Store& stored_events, catalog::CatalogPtr catalog,
                                 const api::TrainingRequest& request,
                                 const ml::TrainOptions& xgboost, TrainingProgress progress);

}  // namespace vigil::cli
