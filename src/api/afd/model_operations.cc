// Models and model versions: CreateModel, GetModels, UpdateModel, DeleteModel,
// CreateModelVersion (training by vigil's trainer in the background, as POST
// /v1/models/{id}/training: api/model_training_jobs.h), UpdateModelVersion (the same training of a
// major version's inputs and labels on new data, into its next minor version: 1.0 -> 1.01),
// GetModelVersion, DescribeModelVersions, UpdateModelVersionStatus and DeleteModelVersion, with
// AFD's rules (catalog/model_edits.h).
//
// AFD names a model by its id and type: a call whose modelType is not the model's does not find
// it. Every model type trains the same way (vigil's gradient-boosted trees on the event type's
// variables); the type is kept and shown.
#include <algorithm>

#include "api/afd/model_shapes.h"
#include "api/afd/named_operations.h"
#include "api/afd/s3_location.h"
#include "catalog/model_edits.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

// The model `in` names by modelId and modelType.
Result<const catalog::Model*> FindModel(const catalog::Catalog& c, const bj::object& in) {
  const std::string id = Text(in, "modelId");
  const std::string type = Text(in, "modelType");
  auto it = c.models.find(id);
  if (it == c.models.end() || catalog::ModelTypeName(it->second.model_type) != type) {
    return Fail(ErrorCode::kNotFound, "model '" + id + "' of type " + type + " does not exist",
                "modelId");
  }
  return &it->second;
}

Result<const catalog::ModelVersion*> FindVersion(const catalog::Catalog& c, const bj::object& in) {
  VIGIL_TRY(model, FindModel(c, in));
  const std::string number = Text(in, "modelVersionNumber");
  const catalog::ModelVersion* version = c.FindModelVersion(model->model_id, number);
  if (version == nullptr) {
    return Fail(ErrorCode::kNotFound, "model '" + model->model_id + "' has no version " + number,
                "modelVersionNumber");
  }
  return version;
}

Result<bj::object> CreateModel(Context& context, const bj::object& in) {
  catalog::Model model;
  model.model_id = Text(in, "modelId");
  model.model_type = *catalog::ParseModelType(Text(in, "modelType"));  // validated by the model
  model.event_type = Text(in, "eventTypeName");
  model.description = Text(in, "description");
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    if (c.models.contains(model.model_id)) {
      return Fail(ErrorCode::kAlreadyExists, "model '" + model.model_id + "' already exists",
                  "modelId");
    }
    return catalog::PutModel(c, std::move(model), now);
  }));
  return bj::object();
}

Result<bj::object> GetModels(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const catalog::Catalog& c = snapshot->catalog();
  if (in.contains("modelId")) {
    if (!in.contains("modelType")) {
      return Fail(ErrorCode::kInvalidArgument, "modelType is required with modelId", "modelType");
    }
    VIGIL_TRY(model, FindModel(c, in));
    return bj::object{{"models", bj::array{ToAfd(*model)}}};
  }
  const std::string type = Text(in, "modelType");
  return NamePage(c.models, in, "models", 10,
                  [&](const catalog::Model& m) -> std::optional<bj::object> {
                    if (!type.empty() && catalog::ModelTypeName(m.model_type) != type) return {};
                    return ToAfd(m);
                  });
}

Result<bj::object> UpdateModel(Context& context, const bj::object& in) {
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    VIGIL_TRY(found, FindModel(c, in));
    catalog::Model model = *found;
    model.description = Text(in, "description");
    return catalog::PutModel(c, std::move(model), now);
  }));
  return bj::object();
}

Result<bj::object> DeleteModel(Context& context, const bj::object& in) {
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t) -> Status {
    VIGIL_TRY(model, FindModel(c, in));
    return catalog::DeleteModel(c, model->model_id);
  }));
  return bj::object();
}

// AFD's LabelSchema as the catalog's: labelMapper's FRAUD and LEGIT.
Result<catalog::LabelSchema> LabelSchemaOf(const bj::object& schema) {
  const bj::object* label_schema = Object(schema, "labelSchema");
  const bj::object* mapper = label_schema ? Object(*label_schema, "labelMapper") : nullptr;
  if (mapper == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "trainingDataSchema.labelSchema.labelMapper is required: which labels are FRAUD "
                "and which LEGIT",
                "trainingDataSchema");
  }
  catalog::LabelSchema labels;
  for (const auto& [key, value] : *mapper) {
    if (key != "FRAUD" && key != "LEGIT") {
      return Fail(ErrorCode::kInvalidArgument,
                  "trainingDataSchema.labelSchema.labelMapper: '" + std::string(key) +
                      "' is not FRAUD or LEGIT",
                  "trainingDataSchema");
    }
    (key == "FRAUD" ? labels.fraud : labels.legit) = TextList(*mapper, key);
  }
  if (auto treatment = OptionalText(*label_schema, "unlabeledEventsTreatment")) {
    labels.unlabeled = *catalog::ParseUnlabeledTreatment(*treatment);  // validated by the model
  }
  return labels;
}

// The training request's data: an EXTERNAL_EVENTS CSV under the S3 directory, or the stored
// events of an INGESTED_EVENTS time window. Kept in the version (model_shapes.h).
Status TrainingDataOf(const Context& context, const bj::object& in, TrainingRequest& request) {
  const std::string source = Text(in, "trainingDataSource");
  request.training_data["trainingDataSource"] = source;
  if (source == "EXTERNAL_EVENTS") {
    const bj::object* detail = Object(in, "externalEventsDetail");
    if (detail == nullptr) {
      return Fail(ErrorCode::kInvalidArgument,
                  "externalEventsDetail is required with EXTERNAL_EVENTS", "externalEventsDetail");
    }
    VIGIL_TRY(path, LocalPath(context.s3_root, Text(*detail, "dataLocation"),
                              "externalEventsDetail.dataLocation", S3Use::kRead));
    request.csv_path = path;
    request.training_data["externalEventsDetail"] = *detail;
    return {};
  }
  const bj::object* detail = Object(in, "ingestedEventsDetail");
  const bj::object* window = detail ? Object(*detail, "ingestedEventsTimeWindow") : nullptr;
  if (window == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "ingestedEventsDetail.ingestedEventsTimeWindow is required with INGESTED_EVENTS",
                "ingestedEventsDetail");
  }
  VIGIL_TRY(from, TimeMember(*window, "startTime"));
  VIGIL_TRY(until, TimeMember(*window, "endTime"));
  if (from >= until) {
    return Fail(ErrorCode::kInvalidArgument,
                "ingestedEventsTimeWindow: startTime must be before endTime",
                "ingestedEventsDetail");
  }
  request.from_micros = from;
  request.until_micros = until;
  request.training_data["ingestedEventsDetail"] = *detail;
  return {};
}

Status TrainingAvailable(const Context& context) {
  if (context.training == nullptr || !context.training->enabled()) {
    return Fail(ErrorCode::kUnavailable, "this server does not train models");
  }
  return {};
}

// Queues the training of `version` and answers as AFD does (Create- and UpdateModelVersion).
Result<bj::object> StartTraining(Context& context, const bj::object& in, TrainingRequest request,
                                 catalog::ModelVersion version) {
  VIGIL_TRY(started, context.training->Start(std::move(request), std::move(version)));
  return bj::object{{"modelId", Text(in, "modelId")},
                    {"modelType", Text(in, "modelType")},
                    {"modelVersionNumber", started.first},
                    {"status", "TRAINING_IN_PROGRESS"}};
}

Result<bj::object> CreateModelVersion(Context& context, const bj::object& in) {
  VIGIL_CHECK(TrainingAvailable(context));
  {
    const auto snapshot = context.catalog.Current();
    VIGIL_TRY(model, FindModel(snapshot->catalog(), in));
    (void)model;
  }
  const bj::object& schema = *Object(in, "trainingDataSchema");  // required by the model
  TrainingRequest request;
  request.model_id = Text(in, "modelId");
  request.inputs = TextList(schema, "modelVariables");
  VIGIL_TRY(labels, LabelSchemaOf(schema));
  request.label_schema = labels;
  VIGIL_CHECK(TrainingDataOf(context, in, request));
  catalog::ModelVersion version;
  version.model_id = request.model_id;
  return StartTraining(context, in, std::move(request), std::move(version));
}

// The next minor version of `major` among the model's versions: "1.01" after "1.0", "1.02" after
// "1.01". AFD's version strings have two minor digits at most.
Result<std::string> NextMinorVersion(const catalog::Catalog& c, const std::string& model_id,
                                     const std::string& major) {
  int last = 0;
  if (auto versions = c.model_versions.find(model_id); versions != c.model_versions.end()) {
    for (const auto& [number, v] : versions->second) {
      if (catalog::ModelVersionMajor(number) != catalog::ModelVersionMajor(major + ".0")) continue;
      last = std::max(last, std::stoi(number.substr(number.find('.') + 1)));
    }
  }
  if (last >= 99) {
    return Fail(ErrorCode::kResourceExhausted,
                "model '" + model_id + "' version " + major + " has 99 minor versions already",
                "majorVersionNumber");
  }
  return major + (last < 9 ? ".0" : ".") + std::to_string(last + 1);
}

Result<bj::object> UpdateModelVersion(Context& context, const bj::object& in) {
  VIGIL_CHECK(TrainingAvailable(context));
  TrainingRequest request;
  catalog::ModelVersion version;
  bj::object data = in;  // the new data's detail, read as the major version's source
  {
    const auto snapshot = context.catalog.Current();
    const catalog::Catalog& c = snapshot->catalog();
    VIGIL_TRY(model, FindModel(c, in));
    const std::string major = Text(in, "majorVersionNumber");
    const catalog::ModelVersion* base = c.FindModelVersion(model->model_id, major + ".0");
    if (base == nullptr) {
      return Fail(ErrorCode::kNotFound,
                  "model '" + model->model_id + "' has no version " + major + ".0",
                  "majorVersionNumber");
    }
    if (base->label_schema.fraud.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "model '" + model->model_id + "' version " + base->version +
                      " was imported, not trained: there is no training to repeat",
                  "majorVersionNumber");
    }
    request.model_id = model->model_id;
    request.inputs = base->inputs;
    request.label_schema = base->label_schema;
    data["trainingDataSource"] = TrainingDataSource(*base);
    VIGIL_TRY(number, NextMinorVersion(c, model->model_id, major));
    version.model_id = model->model_id;
    version.version = std::move(number);
    version.description = base->description;
  }
  VIGIL_CHECK(TrainingDataOf(context, data, request));
  return StartTraining(context, in, std::move(request), std::move(version));
}

Result<bj::object> GetModelVersion(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const catalog::Catalog& c = snapshot->catalog();
  VIGIL_TRY(version, FindVersion(c, in));
  bj::object detail = ModelVersionDetail(*version, c.models.at(version->model_id), c);
  // GetModelVersionResult is ModelVersionDetail without the training result and times.
  for (const char* key : {"trainingResult", "createdTime", "lastUpdatedTime"}) detail.erase(key);
  return detail;
}

Result<bj::object> DescribeModelVersions(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const catalog::Catalog& c = snapshot->catalog();
  const std::string id = Text(in, "modelId");
  const std::string number = Text(in, "modelVersionNumber");
  const std::string type = Text(in, "modelType");
  if (!id.empty() && !c.models.contains(id)) {
    return Fail(ErrorCode::kNotFound, "model '" + id + "' does not exist", "modelId");
  }
  std::vector<bj::object> details;
  for (const auto& [model_id, versions] : c.model_versions) {
    if (!id.empty() && model_id != id) continue;
    const catalog::Model& model = c.models.at(model_id);
    if (!type.empty() && catalog::ModelTypeName(model.model_type) != type) continue;
    for (const auto& [n, v] : versions) {
      if (!number.empty() && n != number) continue;
      details.push_back(ModelVersionDetail(v, model, c));
    }
  }
  return IndexPage(details.size(), in, "modelVersionDetails", 10,
                   [&](size_t i) { return bj::value(std::move(details[i])); });
}

Result<bj::object> UpdateModelVersionStatus(Context& context, const bj::object& in) {
  const auto status = *catalog::ParseModelVersionStatus(Text(in, "status"));  // ACTIVE, ...
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    VIGIL_TRY(version, FindVersion(c, in));
    return catalog::SetModelVersionStatus(c, version->model_id, version->version, status, now);
  }));
  return bj::object();
}

Result<bj::object> DeleteModelVersion(Context& context, const bj::object& in) {
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t) -> Status {
    VIGIL_TRY(version, FindVersion(c, in));
    return catalog::DeleteModelVersion(c, version->model_id, version->version);
  }));
  return bj::object();
}

}  // namespace

void AddModelOperations(OperationTable& table) {
  table.AddSync("CreateModel", CreateModel, true);
  table.AddSync("GetModels", GetModels);
  table.AddSync("UpdateModel", UpdateModel, true);
  table.AddSync("DeleteModel", DeleteModel, true);
  table.AddSync("CreateModelVersion", CreateModelVersion, true);
  table.AddSync("UpdateModelVersion", UpdateModelVersion, true);
  table.AddSync("GetModelVersion", GetModelVersion);
  table.AddSync("DescribeModelVersions", DescribeModelVersions);
  table.AddSync("UpdateModelVersionStatus", UpdateModelVersionStatus, true);
  table.AddSync("DeleteModelVersion", DeleteModelVersion, true);
}

}  // namespace vigil::api::afd
