// Edits of a catalog: each function changes a mutable copy of a Catalog and keeps every rule of
// AFD's resource model — lifecycles (only DRAFT versions are editable, one ACTIVE version), rule
// versioning, deletion guards (nothing in use can be deleted) and the checks of validation.h.
// On error the catalog may be half-changed: callers edit a copy and drop it on error
// (engine/catalog_service.h does).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace vigil::catalog {

// Creates or replaces a named object (entity type, label, outcome, variable, event type, list,
// detector), keeping its creation time. A list's variable_type cannot change once set.
template <typename T>
Status Put(Catalog& c, T object, int64_t now);

// Deletes a named object; Conflict when something uses it, NotFound when it does not exist.
Status DeleteEntityType(Catalog& c, const std::string& name);
Status DeleteLabel(Catalog& c, const std::string& name);
Status DeleteOutcome(Catalog& c, const std::string& name);
Status DeleteVariable(Catalog& c, const std::string& name);
Status DeleteEventType(Catalog& c, const std::string& name);
Status DeleteList(Catalog& c, const std::string& name);
Status DeleteDetector(Catalog& c, const std::string& detector_id);

enum class ListUpdateMode { kAppend, kReplace, kRemove };
Status UpdateListElements(Catalog& c, const std::string& name, ListUpdateMode mode,
                          const std::vector<std::string>& elements, int64_t now);

// Rules: CreateRule makes version 1 (AlreadyExists if the rule exists); UpdateRuleVersion adds
// the next version and returns its number; UpdateRuleMetadata changes the description of the
// latest version only; DeleteRule removes every version unless a detector version uses one.
Status CreateRule(Catalog& c, RuleVersion rule, int64_t now);
Result<int> UpdateRuleVersion(Catalog& c, RuleVersion next, int64_t now);
Status UpdateRuleMetadata(Catalog& c, const std::string& detector_id, const std::string& rule_id,
                          const std::string& description, int64_t now);
Status DeleteRule(Catalog& c, const std::string& detector_id, const std::string& rule_id);

// Detector versions. Rule refs with version 0 resolve to the rule's latest version.
// CreateDetectorVersion returns the new version number (DRAFT). UpdateDetectorVersion replaces
// rules, models, mode, default outcome and description of a DRAFT version (Conflict otherwise).
// SetDetectorVersionStatus allows DRAFT→ACTIVE, ACTIVE→INACTIVE, INACTIVE→ACTIVE; activating a
// version makes the previously ACTIVE one INACTIVE. An ACTIVE version cannot be deleted.
Result<int> CreateDetectorVersion(Catalog& c, DetectorVersion version, int64_t now);
Status UpdateDetectorVersion(Catalog& c, DetectorVersion version, int64_t now);
Status SetDetectorVersionStatus(Catalog& c, const std::string& detector_id, int version,
                                VersionStatus status, int64_t now);
Status DeleteDetectorVersion(Catalog& c, const std::string& detector_id, int version);
// Changes the description of a version in any status (AFD's UpdateDetectorVersionMetadata).
Status UpdateDetectorVersionDescription(Catalog& c, const std::string& detector_id, int version,
                                        const std::string& description, int64_t now);

// True when `expression` names the list (as "@name").
bool ExpressionUsesList(const std::string& expression, const std::string& list);

}  // namespace vigil::catalog
