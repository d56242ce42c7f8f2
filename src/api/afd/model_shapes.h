// Models and model versions in AFD's output shapes: Model (GetModels), ModelVersionDetail
// (DescribeModelVersions), GetModelVersionResult, and the TrainingDataSchema and TrainingResult
// inside them, read from the catalog (catalog/model.h).
//
// Where the training data came from (trainingDataSource with its externalEventsDetail or
// ingestedEventsDetail) is what CreateModelVersion kept under "trainingData" in the version's
// training metrics (api/model_training_jobs.h); a version imported or trained through the admin
// API shows INGESTED_EVENTS without a detail. The trainingResult is vigil's training result
// (training/model_training.h) in AFD's members only: dataValidationMetrics, trainingMetrics {auc,
// metricDataPoints} and variableImportanceMetrics, each logOddsMetric with its variable's
// variableType from the catalog. A version with no training result (imported, or still training)
// has no trainingResult.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "catalog/catalog.h"

namespace vigil::api::afd {

boost::json::object ToAfd(const catalog::Model& model);
// ModelVersionDetail of `version`, a version of `model` in `catalog`.
boost::json::object ModelVersionDetail(const catalog::ModelVersion& version,
                                       const catalog::Model& model,
                                       const catalog::Catalog& catalog);
// Where the version's training data came from: the trainingDataSource CreateModelVersion kept,
// INGESTED_EVENTS for a version imported or trained through the admin API.
std::string TrainingDataSource(const catalog::ModelVersion& version);
// AFD's LabelSchema {labelMapper: {FRAUD: [...], LEGIT: [...]}, unlabeledEventsTreatment}.
boost::json::object LabelSchemaJson(const catalog::LabelSchema& schema);

}  // namespace vigil::api::afd
