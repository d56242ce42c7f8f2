#include "api/model_training_jobs.h"

#include <memory>
#include <utility>

#include "catalog/model_edits.h"
#include "core/json.h"

namespace vigil::api {

namespace {

// `metrics` (a JSON object's text, or empty) with the request's training data under
// "trainingData".
catalog::SharedText WithTrainingData(const catalog::SharedText& metrics,
                                     const boost::json::object& training_data) {
  if (training_data.empty()) return metrics;
  boost::json::object o;
  if (!metrics.empty()) {
    if (auto parsed = json::Parse(*metrics.text); parsed && parsed->is_object()) {
      o = std::move(parsed->as_object());
    }
  }
  o["trainingData"] = training_data;
  return {std::make_shared<const std::string>(json::Serialize(o))};
}

}  // namespace

Result<std::pair<std::string, std::string>> ModelTrainingJobs::Start(
    TrainingRequest request, catalog::ModelVersion version) {
  version.status = catalog::ModelVersionStatus::kTrainingInProgress;
  version.scorer = {};
  version.training_metrics = WithTrainingData({}, request.training_data);
  version.label_schema = request.label_schema;
  version.inputs = request.inputs;
  std::string number;
  VIGIL_CHECK(service_.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    auto model = c.models.find(version.model_id);
    if (model == c.models.end()) {
      return Fail(ErrorCode::kNotFound, "model '" + version.model_id + "' does not exist",
                  "model_id");
    }
    request.event_type = model->second.event_type;
    VIGIL_TRY(n, catalog::PutModelVersion(c, version, now));
    number = n;
    return {};
  }));
  version.version = number;
  const std::string title = "train " + version.model_id + " " + number;
  std::string job = jobs_.Submit(title, [this, request = std::move(request),
                                         version = std::move(version)](
                                            JobProgress& progress) mutable
                                            -> Result<boost::json::object> {
    auto trained = train_(request, service_.Current()->catalog_ptr(), progress);
    catalog::ModelVersion done = version;
    if (trained) {
      done.status = catalog::ModelVersionStatus::kTrainingComplete;
      done.inputs = trained->inputs;
      done.training_metrics = trained->training_metrics;
      done.scorer = trained->scorer;
    } else {
      done.status = catalog::ModelVersionStatus::kError;
      const boost::json::object error{{"error", {{"code", ErrorCodeName(trained.error().code)},
                                                 {"message", trained.error().message},
                                                 {"field", trained.error().field}}}};
      done.training_metrics = {std::make_shared<const std::string>(json::Serialize(error))};
    }
    done.training_metrics = WithTrainingData(done.training_metrics, request.training_data);
    // The version TRAINING_IN_PROGRESS is replaced (catalog/model_edits.h).
    VIGIL_CHECK(service_.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
      VIGIL_TRY(n, catalog::PutModelVersion(c, done, now));
      (void)n;
      return {};
    }));
    if (!trained) return std::unexpected(trained.error());
    return boost::json::object{{"model_id", done.model_id},
                               {"model_version", done.version},
                               {"status", catalog::ModelVersionStatusName(done.status)}};
  });
  return std::pair{number, job};
}

}  // namespace vigil::api
