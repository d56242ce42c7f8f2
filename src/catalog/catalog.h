// Catalog: one immutable snapshot of every catalog object. Plain maps, keyed by name; read freely
// from any thread once published behind a shared_ptr<const Catalog>. Edits copy the snapshot
// (engine/catalog_editor.h) and never change a published one.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "catalog/model.h"
#include "catalog/types.h"

namespace vigil::catalog {

struct Catalog {
  std::map<std::string, EntityType> entity_types;
  std::map<std::string, Label> labels;
  std::map<std::string, Outcome> outcomes;
  std::map<std::string, Variable> variables;
  std::map<std::string, EventType> event_types;
  std::map<std::string, List> lists;
  std::map<std::string, Detector> detectors;
  // (detector_id, rule_id) -> version -> rule version
  std::map<std::pair<std::string, std::string>, std::map<int, RuleVersion>> rules;
  // detector_id -> version -> detector version
  std::map<std::string, std::map<int, DetectorVersion>> detector_versions;
  std::map<std::string, Model> models;
  // model_id -> version ("1.0") -> model version
  std::map<std::string, std::map<std::string, ModelVersion>> model_versions;

  const RuleVersion* FindRule(const std::string& detector_id, const std::string& rule_id,
                              int version) const;
  const std::map<int, RuleVersion>* FindRuleVersions(const std::string& detector_id,
                                                     const std::string& rule_id) const;
  const DetectorVersion* FindDetectorVersion(const std::string& detector_id, int version) const;
  const ModelVersion* FindModelVersion(const std::string& model_id,
                                       const std::string& version) const;
  // The detector's ACTIVE version, or nullptr.
  const DetectorVersion* ActiveVersion(const std::string& detector_id) const;
};

using CatalogPtr = std::shared_ptr<const Catalog>;

}  // namespace vigil::catalog
