// Detectors as code: one document (YAML or JSON) describing a detector and everything it needs —
// entity types, labels, outcomes, variables, its event type, lists, rules, models and the version
// to run.
// Apply() brings a catalog to the state the document describes, idempotently: an unchanged
// document changes nothing; a changed rule expression becomes a new rule version; a changed
// version becomes a new detector version (or updates the latest DRAFT), activated when the
// document says status: ACTIVE; a model version the document brings is added once and never
// changed. Export() writes the same format back from a catalog (without model versions: they are
// trained artifacts, exported with `vigil train` or GET /v1/models/{id}/versions/{v}).
// The format is documented in docs/detector-files.md.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace vigil::catalog {

struct DetectorDocument {
  Detector detector;
  std::vector<EntityType> entity_types;
  std::vector<Label> labels;
  std::vector<Outcome> outcomes;
  std::vector<Variable> variables;
  std::optional<EventType> event_type;
  std::vector<List> lists;
  std::vector<RuleVersion> rules;         // versions are ignored: Apply decides them
  std::vector<Model> models;
  std::vector<ModelVersion> model_versions;  // models[i].versions: trained versions the file brings
  std::optional<DetectorVersion> version; // rule refs with version 0 mean "the rule as in this file"
};

// Decodes a document from JSON (convert YAML first with YamlToJson). Errors name the field path.
Result<DetectorDocument> DocumentFromJson(const boost::json::value& json);

// What Apply did, for people: lines like "rule blocked_ip: created version 1".
struct ApplyReport {
  std::vector<std::string> changes;
  int detector_version = 0;  // the version the document resolved to (0 when it has none)
};

Result<ApplyReport> Apply(Catalog& c, const DetectorDocument& doc, int64_t now);

// The document of a detector: its ACTIVE version (else its latest), the latest version of each of
// its rules, and every object they use. NotFound when the detector does not exist.
Result<boost::json::object> Export(const Catalog& c, const std::string& detector_id);

}  // namespace vigil::catalog
