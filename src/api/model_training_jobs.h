// Training model versions from the admin API and AFD's CreateModelVersion: POST
// /v1/models/{model_id}/training starts one in the background and answers at once; GET
// /v1/jobs/{job_id} follows it, as AFD's GetModelVersion does (docs/api.md).
//
// The training itself is not the API's: cli/ supplies it as a TrainFunction (it replays the
// stored events and fits the model: training/model_training.h), so that the API does not depend
// on how training is done. The flow, as AFD's CreateModelVersion with INGESTED_EVENTS:
//   1. the version is put into the catalog as TRAINING_IN_PROGRESS (no scorer);
//   2. a job runs the TrainFunction on the catalog of that moment, reporting its progress;
//   3. the version is put again, TRAINING_COMPLETE with its scorer and training metrics, or ERROR
//      with the error in its training metrics.
// Jobs run one at a time on their own thread ("vigil-train"), never on an HTTP event loop.
#pragma once

#include <boost/json.hpp>
#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/label_schema.h"
#include "catalog/model.h"
#include "core/background_jobs.h"
#include "core/result.h"
#include "engine/catalog_service.h"

namespace vigil::api {

struct TrainingRequest {
  std::string model_id;
  std::string event_type;
  std::vector<std::string> inputs;  // empty: every numeric, boolean and datetime variable
  catalog::LabelSchema label_schema;
  double holdout_share = 0.15;
  int64_t gap_micros = 0;
  // Set: train on the events of this AFD-format CSV file (cli/afd_csv_import.h) instead of the
  // stored ones (AFD's EXTERNAL_EVENTS). Default: the stored events.
  std::string csv_path = {};
  // Only events in [from_micros, until_micros) are trained on (AFD's ingestedEventsTimeWindow).
  int64_t from_micros = INT64_MIN;
  int64_t until_micros = INT64_MAX;
  // Where the training data came from, as the caller wants it read back (AFD's trainingDataSource
  // and its details): kept in the version's training metrics under "trainingData", from the start
  // of the training to its end, whatever the outcome. Default: nothing kept.
  boost::json::object training_data = {};
};

// Trains on `catalog` and returns the version's inputs, training metrics and scorer (the caller
// sets its id, number and status).
using TrainFunction = std::function<Result<catalog::ModelVersion>(
    const TrainingRequest& request, catalog::CatalogPtr catalog, JobProgress& progress)>;

class ModelTrainingJobs {
 public:
  // `service` and `jobs` outlive this.
  ModelTrainingJobs(engine::CatalogService& service, BackgroundJobs& jobs, TrainFunction train)
      : service_(service), jobs_(jobs), train_(std::move(train)) {}

  bool enabled() const { return static_cast<bool>(train_); }

  // Puts `version` (its model id, number or "" for the next, description) in as
  // TRAINING_IN_PROGRESS and queues its training. Returns {version number, job id}. Errors: those
  // of PutModelVersion (an unknown model, a version that exists), nothing queued.
  Result<std::pair<std::string, std::string>> Start(TrainingRequest request,
                                                    catalog::ModelVersion version);

 private:
  engine::CatalogService& service_;
  BackgroundJobs& jobs_;
  TrainFunction train_;
};

}  // namespace vigil::api
