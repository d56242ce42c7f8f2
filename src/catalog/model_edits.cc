#include "catalog/model_edits.h"

#include "catalog/validation.h"

namespace vigil::catalog {

namespace {

std::unexpected<Error> NotFound(const std::string& model_id, const std::string& version) {
  return Fail(ErrorCode::kNotFound,
              version.empty() ? "model '" + model_id + "' does not exist"
                              : "model '" + model_id + "' has no version " + version);
}

// The first detector version that lists the model version (any model version when `version` is
// empty), as "detector 'd' version n", or empty.
std::string UsedBy(const Catalog& c, const std::string& model_id, const std::string& version,
                   bool active_only) {
  for (const auto& [detector_id, versions] : c.detector_versions) {
    for (const auto& [n, v] : versions) {
      if (active_only && v.status != VersionStatus::kActive) continue;
      for (const auto& ref : v.model_versions) {
        if (ref.model_id == model_id && (version.empty() || ref.version == version)) {
          return "detector '" + detector_id + "' version " + std::to_string(n) + " (" +
                 VersionStatusName(v.status) + ")";
        }
      }
    }
  }
  return {};
}

}  // namespace

Status PutModel(Catalog& c, Model model, int64_t now) {
  VIGIL_CHECK(Validate(model, c));
  auto it = c.models.find(model.model_id);
  const Model* previous = it == c.models.end() ? nullptr : &it->second;
  if (previous != nullptr && previous->event_type != model.event_type &&
      c.model_versions.contains(model.model_id)) {
    return Fail(ErrorCode::kConflict,
                "model '" + model.model_id + "' has versions; its event type cannot change",
                "event_type");
  }
  const std::string score = InsightScoreVariable(model.model_id);
  if (auto v = c.variables.find(score); v != c.variables.end()) {
    if (v->second.data_source != DataSource::kModelScore) {
      return Fail(ErrorCode::kConflict,
                  "variable '" + score + "' exists as a " + DataSourceName(v->second.data_source) +
                      " variable; a model's score variable must be MODEL_SCORE",
                  "model_id");
    }
  } else {
    Variable variable;
    variable.name = score;
    variable.data_type = DataType::kFloat;
    variable.data_source = DataSource::kModelScore;
    variable.description = "the insight score of model '" + model.model_id + "'";
    VIGIL_CHECK(Validate(variable, c));
    variable.stamps = {now, now};
    c.variables[score] = std::move(variable);
  }
  model.stamps = {previous != nullptr ? previous->stamps.created_micros : now, now};
  c.models[model.model_id] = std::move(model);
  return {};
}

Result<std::string> PutModelVersion(Catalog& c, ModelVersion version, int64_t now) {
  if (!c.models.contains(version.model_id)) return NotFound(version.model_id, "");
  auto& versions = c.model_versions[version.model_id];
  if (version.version.empty()) {
    int major = 0;
    for (const auto& [number, v] : versions) major = std::max(major, *ModelVersionMajor(number));
    version.version = std::to_string(major + 1) + ".0";
  }
  VIGIL_CHECK(Validate(version, c));
  int64_t created = now;
  if (auto it = versions.find(version.version); it != versions.end()) {
    if (it->second.status != ModelVersionStatus::kTrainingInProgress) {
      return Fail(ErrorCode::kAlreadyExists,
                  "model '" + version.model_id + "' version " + version.version +
                      " exists and is " + ModelVersionStatusName(it->second.status) +
                      "; versions are immutable (add a new one)",
                  "model_version");
    }
    created = it->second.stamps.created_micros;
  }
  version.stamps = {created, now};
  std::string number = version.version;
  versions[number] = std::move(version);
  return number;
}

Status SetModelVersionStatus(Catalog& c, const std::string& model_id, const std::string& version,
                             ModelVersionStatus status, int64_t now) {
  auto it = c.model_versions.find(model_id);
  if (it == c.model_versions.end() || !it->second.contains(version)) {
    return NotFound(model_id, version);
  }
  ModelVersion& target = it->second.at(version);
  using S = ModelVersionStatus;
  if (status == target.status) return {};
  const bool allowed = (target.status == S::kTrainingInProgress && status == S::kTrainingCancelled) ||
                       (target.status == S::kTrainingComplete && status == S::kActive) ||
                       (target.status == S::kActive && status == S::kInactive) ||
                       (target.status == S::kInactive && status == S::kActive);
  if (!allowed) {
    return Fail(ErrorCode::kConflict,
                "model '" + model_id + "' version " + version + " is " +
                    ModelVersionStatusName(target.status) + " and cannot become " +
                    ModelVersionStatusName(status) +
                    " (TRAINING_IN_PROGRESS -> TRAINING_CANCELLED, TRAINING_COMPLETE -> ACTIVE, "
                    "ACTIVE <-> INACTIVE)",
                "status");
  }
  if (status == S::kInactive) {
    if (auto user = UsedBy(c, model_id, version, true); !user.empty()) {
      return Fail(ErrorCode::kConflict, "model '" + model_id + "' version " + version +
                                            " is used by " + user + "; deactivate that first",
                  "status");
    }
  }
  target.status = status;
  target.stamps.updated_micros = now;
  return {};
}

Status DeleteModelVersion(Catalog& c, const std::string& model_id, const std::string& version) {
  auto it = c.model_versions.find(model_id);
  if (it == c.model_versions.end() || !it->second.contains(version)) {
    return NotFound(model_id, version);
  }
  if (auto user = UsedBy(c, model_id, version, false); !user.empty()) {
    return Fail(ErrorCode::kConflict,
                "model '" + model_id + "' version " + version + " is used by " + user);
  }
  it->second.erase(version);
  if (it->second.empty()) c.model_versions.erase(it);
  return {};
}

Status DeleteModel(Catalog& c, const std::string& model_id) {
  if (!c.models.contains(model_id)) return NotFound(model_id, "");
  if (auto it = c.model_versions.find(model_id); it != c.model_versions.end() &&
                                                 !it->second.empty()) {
    return Fail(ErrorCode::kConflict, "model '" + model_id + "' still has versions (" +
                                          it->second.begin()->first + ", ...); delete them first");
  }
  c.models.erase(model_id);
  c.variables.erase(InsightScoreVariable(model_id));
  return {};
}

}  // namespace vigil::catalog
