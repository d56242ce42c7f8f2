// Validation of models and model versions (validation.h).
#include <algorithm>
#include <set>

#include "catalog/validation.h"
#include "core/names.h"

namespace vigil::catalog {

namespace {

Status Invalid(std::string field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// Whether `v` is a variable events of `event_type` carry or compute.
bool BelongsTo(const Variable& v, const EventType& event_type) {
  switch (v.data_source) {
    case DataSource::kEvent:
      return std::ranges::count(event_type.variables, v.name) > 0;
    case DataSource::kAggregate:
      return v.aggregate && v.aggregate->event_type == event_type.name;
    case DataSource::kDerived:
      return v.derived && v.derived->event_type == event_type.name;
    case DataSource::kModelScore:
      return false;  // a model does not read another model's score
  }
  return false;
}

}  // namespace

Status Validate(const Model& v, const Catalog& c) {
  VIGIL_CHECK(ValidateStrictIdentifier(v.model_id, "model_id"));
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  if (!c.event_types.contains(v.event_type)) {
    return Fail(ErrorCode::kNotFound, "event_type: event type '" + v.event_type + "' does not exist",
                "event_type");
  }
  return {};
}

Status Validate(const ModelVersion& v, const Catalog& c) {
  auto model = c.models.find(v.model_id);
  if (model == c.models.end()) {
    return Fail(ErrorCode::kNotFound, "model '" + v.model_id + "' does not exist", "model_id");
  }
  if (!ModelVersionMajor(v.version)) {
    return Invalid("model_version", "model_version must look like AFD's \"1.0\", \"2.0\", "
                                    "\"1.01\" (^[1-9][0-9]{0,3}\\.[0-9]{1,2}$), not '" +
                                        v.version + "'");
  }
  VIGIL_CHECK(ValidateDescription(v.description, "description"));
  const EventType& event_type = c.event_types.at(model->second.event_type);
  if (v.inputs.empty()) return Invalid("inputs", "a model version needs at least one input");
  std::set<std::string> seen;
  for (size_t i = 0; i < v.inputs.size(); ++i) {
    const std::string where = "inputs[" + std::to_string(i) + "]";
    auto it = c.variables.find(v.inputs[i]);
    if (it == c.variables.end()) {
      return Fail(ErrorCode::kNotFound, where + ": variable '" + v.inputs[i] + "' does not exist",
                  where);
    }
    if (!BelongsTo(it->second, event_type)) {
      return Invalid(where, where + ": '" + v.inputs[i] + "' is not a variable of event type '" +
                                event_type.name + "' (its event, aggregate or derived variables)");
    }
    if (!seen.insert(v.inputs[i]).second) {
      return Invalid(where, where + ": '" + v.inputs[i] + "' is listed twice");
    }
  }
  if (!v.label_schema.fraud.empty() || !v.label_schema.legit.empty()) {
    VIGIL_CHECK(ValidateLabelSchema(v.label_schema, event_type.labels));
  }
  const bool trained = v.status != ModelVersionStatus::kTrainingInProgress &&
                       v.status != ModelVersionStatus::kError &&
                       v.status != ModelVersionStatus::kTrainingCancelled;
  if (trained && v.scorer.empty()) {
    return Invalid("scorer", std::string("a ") + ModelVersionStatusName(v.status) +
                                 " model version needs its scorer (the trained model)");
  }
  return {};
}

}  // namespace vigil::catalog
