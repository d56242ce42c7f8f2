// Adding a model version to a stopped server's data directory, as `vigil model import` and
// `vigil train` both do: the model is created first when it does not exist (with its score
// variable), a model of another event type is refused, then the version goes in through
// catalog::PutModelVersion — one catalog edit, durable in the store, all or nothing.
#pragma once

#include <string>

#include "catalog/model.h"
#include "core/result.h"
#include "engine/catalog_service.h"

namespace vigil::cli {

// Returns the version's number ("1.0", ...). Errors: InvalidArgument naming "event_type" when the
// model exists for another event type; those of PutModel, PutModelVersion and the snapshot (a
// scorer that does not compile).
Result<std::string> AddModelVersion(engine::CatalogService& service, const catalog::Model& model,
                                    catalog::ModelVersion version);

}  // namespace vigil::cli
