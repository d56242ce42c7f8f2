// Edits of models and model versions, keeping AFD's rules (reference §5). Like edits.h: each
// changes a mutable copy of a Catalog and may leave it half-changed on error (callers edit a
// copy; engine::CatalogService does).
//
// PutModelVersion is THE way a model version with its trained artifact enters the catalog: the
// admin API (POST /v1/models/{id}/versions), `vigil model import` and training all call it,
// through engine::CatalogService::Edit, which also compiles the scorer (engine/snapshot.h) and
// refuses the whole edit when it does not compile.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/result.h"

namespace vigil::catalog {

// Creates or replaces a model. Creating one creates its score variable <model_id>_insightscore
// (FLOAT, MODEL_SCORE) unless it exists as such; Conflict when a variable of that name exists as
// something else, or when a model with versions would change event type.
Status PutModel(Catalog& c, Model model, int64_t now);

// Adds a version to an existing model and returns its number. An empty `version.version` takes
// the next major version ("1.0", then "2.0", ...); a given one must not exist yet — except a
// version TRAINING_IN_PROGRESS, which this replaces (how training completes or fails: put it
// again as TRAINING_COMPLETE with its scorer, or as ERROR with its training metrics).
// AlreadyExists otherwise; the checks of Validate(ModelVersion).
Result<std::string> PutModelVersion(Catalog& c, ModelVersion version, int64_t now);

// AFD's UpdateModelVersionStatus: TRAINING_IN_PROGRESS -> TRAINING_CANCELLED,
// TRAINING_COMPLETE -> ACTIVE, ACTIVE -> INACTIVE, and (Vigil) INACTIVE -> ACTIVE. Conflict for
// any other change, and for INACTIVE while an ACTIVE detector version uses the version.
Status SetModelVersionStatus(Catalog& c, const std::string& model_id, const std::string& version,
                             ModelVersionStatus status, int64_t now);

// Conflict while any detector version lists the model version (AFD refuses while an ACTIVE or
// INACTIVE one does; Vigil also keeps DRAFT versions' references whole).
Status DeleteModelVersion(Catalog& c, const std::string& model_id, const std::string& version);

// Conflict while the model has versions; deletes its score variable too.
Status DeleteModel(Catalog& c, const std::string& model_id);

}  // namespace vigil::catalog
