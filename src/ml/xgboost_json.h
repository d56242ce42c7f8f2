// Import of XGBoost's JSON model format into a TreeEnsemble.
//
// Accepted: what XGBoost 1.x writes with XGBoosterSaveModel(handle, "model.json") or
// XGBoosterSaveModelToBuffer(handle, {"format":"json"}, ...) (Python: booster.save_model
// ("model.json")) for a binary model: objective binary:logistic, reg:logistic or binary:logitraw;
// booster gbtree; one output group (num_class 0 or 1, every tree_info 0); numerical splits only.
// Refused, with an error naming the JSON path (e.g. "learner.objective.name"): multi-class and
// multi-target models, gblinear and dart boosters, other objectives, categorical splits, the
// binary UBJSON format, and any tree the TreeEnsemble checks refuse.
//
// Meaning kept from XGBoost: learner_model_param.base_score is a probability for the logistic
// objectives, so the margin starts at logit(base_score); for binary:logitraw it is the margin
// itself. A leaf's value is its split_conditions entry (base_weights is the weight before the
// learning rate and is not used). Feature names come from learner.feature_names when present.
#pragma once

#include <string_view>

#include "core/result.h"
#include "ml/tree_ensemble.h"

namespace vigil::ml {

// Parses `json` (a whole XGBoost JSON model) into an ensemble. Errors are kInvalidArgument with
// `field` set to the JSON path of the problem; a tree TreeEnsemble::Create refuses is named as
// "learner.gradient_booster.model.trees[3].nodes[17].feature" (node 17 of that tree's arrays).
// Stateless; safe from any thread.
Result<TreeEnsemble> ImportXgboostJson(std::string_view json);

// The same model as an EnsembleSpec, before TreeEnsemble's checks, with each node's cover
// (XGBoost's sum_hessian; 0 when the file has none): what explanations are built from. Errors as
// ImportXgboostJson's, for the JSON itself.
Result<EnsembleSpec> ParseXgboostJson(std::string_view json);

}  // namespace vigil::ml
