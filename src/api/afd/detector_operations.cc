// Detector versions: CreateDetectorVersion, GetDetectorVersion, UpdateDetectorVersion,
// UpdateDetectorVersionMetadata, UpdateDetectorVersionStatus, DeleteDetectorVersion, and
// DescribeDetector (a detector's version summaries). Lifecycle as AFD's (catalog/edits.h): only
// DRAFT versions are editable, one ACTIVE version, which GetEventPrediction uses by default.
#include "api/afd/named_operations.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr size_t kDefaultVersionPage = 2500;

// The members CreateDetectorVersion and UpdateDetectorVersion share, as a catalog version.
Result<catalog::DetectorVersion> VersionOf(const bj::object& in) {
  catalog::DetectorVersion v;
  v.detector_id = Text(in, "detectorId");
  v.description = Text(in, "description");
  VIGIL_CHECK(RefuseExternalModels(in, "externalModelEndpoints"));
  for (const auto& item : *Array(in, "rules")) {
    const bj::object& rule = item.get_object();
    if (Text(rule, "detectorId") != v.detector_id) {
      return Fail(ErrorCode::kInvalidArgument,
                  "rules: rule '" + Text(rule, "ruleId") + "' belongs to detector '" +
                      Text(rule, "detectorId") + "', not '" + v.detector_id + "'",
                  "rules");
    }
    v.rules.push_back(
        catalog::RuleRef{Text(rule, "ruleId"), VersionNumber(Text(rule, "ruleVersion"))});
  }
  if (const bj::array* models = Array(in, "modelVersions")) {
    for (const auto& item : *models) {
      const bj::object& m = item.get_object();
      v.model_versions.push_back(
          catalog::ModelVersionRef{Text(m, "modelId"), Text(m, "modelVersionNumber")});
    }
  }
  auto mode = catalog::ParseExecutionMode(Text(in, "ruleExecutionMode", "FIRST_MATCHED"));
  v.execution_mode = mode.value_or(catalog::ExecutionMode::kFirstMatched);
  return v;
}

Result<bj::object> CreateDetectorVersion(Context& context, const bj::object& in) {
  VIGIL_TRY(version, VersionOf(in));
  int number = 0;
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    VIGIL_TRY(n, catalog::CreateDetectorVersion(c, version, now));
    number = n;
    return {};
  }));
  return bj::object{{"detectorId", version.detector_id},
                    {"detectorVersionId", std::to_string(number)},
                    {"status", "DRAFT"}};
}

Result<const catalog::DetectorVersion*> FindVersion(const catalog::Catalog& c,
                                                    const bj::object& in) {
  const std::string detector_id = Text(in, "detectorId");
  const std::string version = Text(in, "detectorVersionId");
  const auto* found = c.FindDetectorVersion(detector_id, VersionNumber(version));
  if (found == nullptr) {
    return Fail(ErrorCode::kNotFound, "detector '" + detector_id + "' has no version " + version,
                "detectorVersionId");
  }
  return found;
}

Result<bj::object> GetDetectorVersion(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  VIGIL_TRY(version, FindVersion(snapshot->catalog(), in));
  return ToAfd(*version, snapshot->catalog());
}

Result<bj::object> UpdateDetectorVersion(Context& context, const bj::object& in) {
  VIGIL_TRY(version, VersionOf(in));
  version.version = VersionNumber(Text(in, "detectorVersionId"));
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    VIGIL_TRY(existing, FindVersion(c, in));
    version.default_outcome = existing->default_outcome;  // Vigil's own member, not AFD's
    return catalog::UpdateDetectorVersion(c, version, now);
  }));
  return bj::object();
}

Result<bj::object> UpdateDetectorVersionMetadata(Context& context, const bj::object& in) {
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) {
    return catalog::UpdateDetectorVersionDescription(
        c, Text(in, "detectorId"), VersionNumber(Text(in, "detectorVersionId")),
        Text(in, "description"), now);
  }));
  return bj::object();
}

Result<bj::object> UpdateDetectorVersionStatus(Context& context, const bj::object& in) {
  const std::string status = Text(in, "status");
  auto parsed = catalog::ParseVersionStatus(status);
  if (!parsed || *parsed == catalog::VersionStatus::kDraft) {
    return Fail(ErrorCode::kInvalidArgument,
                "status '" + status + "': a detector version can be set ACTIVE or INACTIVE",
                "status");
  }
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) {
    return catalog::SetDetectorVersionStatus(
        c, Text(in, "detectorId"), VersionNumber(Text(in, "detectorVersionId")), *parsed, now);
  }));
  return bj::object();
}

Result<bj::object> DeleteDetectorVersion(Context& context, const bj::object& in) {
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t) {
    return catalog::DeleteDetectorVersion(c, Text(in, "detectorId"),
                                          VersionNumber(Text(in, "detectorVersionId")));
  }));
  return bj::object();
}

Result<bj::object> DescribeDetector(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const catalog::Catalog& c = snapshot->catalog();
  const std::string detector_id = Text(in, "detectorId");
  if (!c.detectors.contains(detector_id)) {
    return Fail(ErrorCode::kNotFound, "detector '" + detector_id + "' does not exist",
                "detectorId");
  }
  // Versions keyed by their number's text, so that NamePage's token is the last version listed.
  std::map<std::string, const catalog::DetectorVersion*> versions;
  if (auto it = c.detector_versions.find(detector_id); it != c.detector_versions.end()) {
    for (const auto& [n, v] : it->second) {
      char key[16];
      std::snprintf(key, sizeof key, "%05d", n);  // in number order
      versions.emplace(key, &v);
    }
  }
  VIGIL_TRY(page, NamePage(versions, in, "detectorVersionSummaries", kDefaultVersionPage,
                           [](const catalog::DetectorVersion* v) {
                             bj::object summary{
                                 {"detectorVersionId", std::to_string(v->version)},
                                 {"status", catalog::VersionStatusName(v->status)},
                                 {"lastUpdatedTime", TimeText(v->stamps.updated_micros)}};
                             if (!v->description.empty()) summary["description"] = v->description;
                             return std::optional(std::move(summary));
                           }));
  page["detectorId"] = detector_id;
  page["arn"] = Arn("detector", detector_id);
  return page;
}

}  // namespace

void AddDetectorOperations(OperationTable& table) {
  table.AddSync("CreateDetectorVersion", CreateDetectorVersion, true);
  table.AddSync("GetDetectorVersion", GetDetectorVersion);
  table.AddSync("UpdateDetectorVersion", UpdateDetectorVersion, true);
  table.AddSync("UpdateDetectorVersionMetadata", UpdateDetectorVersionMetadata, true);
  table.AddSync("UpdateDetectorVersionStatus", UpdateDetectorVersionStatus, true);
  table.AddSync("DeleteDetectorVersion", DeleteDetectorVersion, true);
  table.AddSync("DescribeDetector", DescribeDetector);
}

}  // namespace vigil::api::afd
