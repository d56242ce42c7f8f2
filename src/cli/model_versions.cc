#include "cli/model_versions.h"

#include <memory>
#include <utility>

#include "catalog/model_edits.h"
#include "core/json.h"
#include "ml/model_scorer.h"

namespace vigil::cli {

Result<std::string> AddModelVersion(engine::CatalogService& service, const catalog::Model& model,
                                    catalog::ModelVersion version) {
  std::string number;
  VIGIL_CHECK(service.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    if (auto it = c.models.find(model.model_id); it == c.models.end()) {
      VIGIL_CHECK(catalog::PutModel(c, model, now));
    } else if (it->second.event_type != model.event_type) {
      return Fail(ErrorCode::kInvalidArgument,
                  "model '" + model.model_id + "' scores '" + it->second.event_type +
                      "' events, not '" + model.event_type + "'",
                  "event_type");
    }
    VIGIL_TRY(n, catalog::PutModelVersion(c, std::move(version), now));
    number = n;
    return {};
  }));
  return number;
}

Result<catalog::ModelVersion> TrainedVersion(const training::TrainedModelVersion& trained,
                                             const catalog::LabelSchema& labels) {
  VIGIL_TRY(scorer, ml::ModelScorer::Create(trained.fitted.encoders,
                                            trained.fitted.model.xgboost_json, trained.calibration));
  catalog::ModelVersion version;
  version.status = catalog::ModelVersionStatus::kTrainingComplete;
  for (const auto& input : scorer.inputs()) version.inputs.push_back(input.variable());
  version.label_schema = labels;
  version.training_metrics = {
      std::make_shared<const std::string>(json::Serialize(trained.training_result))};
  version.scorer = {std::make_shared<const std::string>(json::Serialize(scorer.ToJson()))};
  return version;
}

}  // namespace vigil::cli
