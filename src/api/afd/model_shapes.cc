#include "api/afd/model_shapes.h"

#include "api/afd/members.h"
#include "core/json.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

// The version's training metrics as a JSON object (empty when it has none).
bj::object Metrics(const catalog::ModelVersion& version) {
  if (version.training_metrics.empty()) return {};
  auto parsed = json::Parse(*version.training_metrics.text);
  if (!parsed || !parsed->is_object()) return {};
  return std::move(parsed->as_object());
}

// AFD's TrainingResult from vigil's training result; nullopt when there is none.
std::optional<bj::object> TrainingResult(const bj::object& metrics,
                                         const catalog::Catalog& catalog) {
  const bj::object* training = Object(metrics, "trainingMetrics");
  if (training == nullptr) return std::nullopt;
  bj::object result;
  if (const bj::object* validation = Object(metrics, "dataValidationMetrics")) {
    result["dataValidationMetrics"] = *validation;
  }
  bj::object afd_training;
  if (const bj::value* auc = training->if_contains("auc")) afd_training["auc"] = *auc;
  if (const bj::array* points = Array(*training, "metricDataPoints")) {
    afd_training["metricDataPoints"] = *points;
  }
  result["trainingMetrics"] = std::move(afd_training);
  bj::array log_odds;
  if (const bj::object* importance = Object(metrics, "variableImportanceMetrics")) {
    if (const bj::array* items = Array(*importance, "logOddsMetrics")) {
      for (const bj::value& item : *items) {
        if (!item.is_object()) continue;
        bj::object m = item.get_object();
        const std::string name = Text(m, "variableName");
        auto it = catalog.variables.find(name);
        std::string type = it == catalog.variables.end() ? "" : it->second.variable_type;
        m["variableType"] = type.empty() ? "NUMERIC" : type;
        log_odds.push_back(std::move(m));
      }
    }
  }
  result["variableImportanceMetrics"] = bj::object{{"logOddsMetrics", std::move(log_odds)}};
  return result;
}

}  // namespace

bj::object ToAfd(const catalog::Model& m) {
  bj::object o{{"modelId", m.model_id},
               {"modelType", catalog::ModelTypeName(m.model_type)},
               {"eventTypeName", m.event_type}};
  if (!m.description.empty()) o["description"] = m.description;
  o["createdTime"] = TimeText(m.stamps.created_micros);
  o["lastUpdatedTime"] = TimeText(m.stamps.updated_micros);
  o["arn"] = Arn("model/" + std::string(catalog::ModelTypeName(m.model_type)), m.model_id);
  return o;
}

bj::object LabelSchemaJson(const catalog::LabelSchema& schema) {
  return {{"labelMapper", {{"FRAUD", TextArray(schema.fraud)}, {"LEGIT", TextArray(schema.legit)}}},
          {"unlabeledEventsTreatment", catalog::UnlabeledTreatmentName(schema.unlabeled)}};
}

namespace {

// The trainingDataSource kept in a version's training metrics; INGESTED_EVENTS when none is.
std::string SourceOf(const bj::object& metrics) {
  const bj::object* data = Object(metrics, "trainingData");
  return data != nullptr ? Text(*data, "trainingDataSource", "INGESTED_EVENTS") : "INGESTED_EVENTS";
}

}  // namespace

std::string TrainingDataSource(const catalog::ModelVersion& version) {
  return SourceOf(Metrics(version));
}

bj::object ModelVersionDetail(const catalog::ModelVersion& v, const catalog::Model& model,
                              const catalog::Catalog& catalog) {
  const bj::object metrics = Metrics(v);
  bj::object o{{"modelId", v.model_id},
               {"modelType", catalog::ModelTypeName(model.model_type)},
               {"modelVersionNumber", v.version},
               {"status", catalog::ModelVersionStatusName(v.status)}};
  bj::object schema{{"modelVariables", TextArray(v.inputs)}};
  if (!v.label_schema.fraud.empty() || !v.label_schema.legit.empty()) {
    schema["labelSchema"] = LabelSchemaJson(v.label_schema);
  }
  o["trainingDataSchema"] = std::move(schema);
  o["trainingDataSource"] = SourceOf(metrics);
  if (const bj::object* data = Object(metrics, "trainingData")) {
    for (const auto& [key, value] : *data) o[key] = value;
  }
  if (auto result = TrainingResult(metrics, catalog)) o["trainingResult"] = std::move(*result);
  o["createdTime"] = TimeText(v.stamps.created_micros);
  o["lastUpdatedTime"] = TimeText(v.stamps.updated_micros);
  o["arn"] = Arn("model-version/" + std::string(catalog::ModelTypeName(model.model_type)) + "/" +
                     v.model_id,
                 v.version);
  return o;
}

}  // namespace vigil::api::afd
