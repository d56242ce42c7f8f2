#include "catalog/catalog.h"

namespace vigil::catalog {

const std::map<int, RuleVersion>* Catalog::FindRuleVersions(const std::string& detector_id,
                                                            const std::string& rule_id) const {
  auto it = rules.find({detector_id, rule_id});
  return it == rules.end() ? nullptr : &it->second;
}

const RuleVersion* Catalog::FindRule(const std::string& detector_id, const std::string& rule_id,
                                     int version) const {
  const auto* versions = FindRuleVersions(detector_id, rule_id);
  if (versions == nullptr) return nullptr;
  auto it = versions->find(version);
  return it == versions->end() ? nullptr : &it->second;
}

const DetectorVersion* Catalog::FindDetectorVersion(const std::string& detector_id,
                                                    int version) const {
  auto it = detector_versions.find(detector_id);
  if (it == detector_versions.end()) return nullptr;
  auto v = it->second.find(version);
  return v == it->second.end() ? nullptr : &v->second;
}

const ModelVersion* Catalog::FindModelVersion(const std::string& model_id,
                                              const std::string& version) const {
  auto it = model_versions.find(model_id);
  if (it == model_versions.end()) return nullptr;
  auto v = it->second.find(version);
  return v == it->second.end() ? nullptr : &v->second;
}

const DetectorVersion* Catalog::ActiveVersion(const std::string& detector_id) const {
  auto it = detector_versions.find(detector_id);
  if (it == detector_versions.end()) return nullptr;
  for (const auto& [number, version] : it->second) {
    if (version.status == VersionStatus::kActive) return &version;
  }
  return nullptr;
}

}  // namespace vigil::catalog
