// Adding a model version to a stopped server's data directory, as `vigil model import` and
// `vigil train` both do: the model is created first when it does not exist (with its score
// variable), a model of another event type is refused, then the version goes in through
// catalog::PutModelVersion — one catalog edit, durable in the store, all or nothing.
#pragma once

#include <string>

#include "catalog/model.h"
#include "core/result.h"
#include "engine/catalog_service.h"
#include "training/model_training.h"

namespace vigil::cli {

// Returns the version's number ("1.0", ...). Errors: InvalidArgument naming "event_type" when the
// model exists for another event type; those of PutModel, PutModelVersion and the snapshot (a
// scorer that does not compile).
Result<std::string> AddModelVersion(engine::CatalogService& service, const catalog::Model& model,
                                    catalog::ModelVersion version);

// A trained model as a version to add: its inputs (those training kept), its label schema, AFD's
// trainingResult as its training metrics, and its scorer's stored form. Status
// TRAINING_COMPLETE; the caller sets the model id, number and description.
Result<catalog::ModelVersion> TrainedVersion(const training::TrainedModelVersion& trained,
                                             const catalog::LabelSchema& labels);

}  // namespace vigil::cli
