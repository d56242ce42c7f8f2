// The rules every catalog object must keep: AFD's name patterns and limits, and references to
// other objects of the same catalog. Each function returns InvalidArgument naming the field and
// the rule broken, or NotFound naming the missing object. Rule expressions are compiled, and
// detector versions checked as a whole, by engine/ (which knows the rule language).
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

namespace vigil::catalog {

// AFD's limits (reference §9), enforced here.
struct Limits {
  static constexpr size_t kMaxRuleExpression = 4096;
  static constexpr size_t kMaxListElements = 100'000;
  static constexpr size_t kMaxListElementLength = 320;
  static constexpr size_t kMaxListsPerRule = 3;
  static constexpr size_t kMaxListsPerDetector = 30;
  static constexpr size_t kMaxRulesPerAccount = 5000;
  static constexpr size_t kMaxVariablesPerAccount = 5000;
  static constexpr size_t kMaxDetectors = 100;
  static constexpr size_t kMaxEventTypes = 100;
  static constexpr size_t kMaxLabels = 100;
  static constexpr size_t kMaxEntityTypes = 100;
  static constexpr size_t kMaxOutcomes = 5000;
  static constexpr size_t kMaxDraftVersionsPerDetector = 100;
};

Status Validate(const EntityType& v, const Catalog& catalog);
Status Validate(const Label& v, const Catalog& catalog);
Status Validate(const Outcome& v, const Catalog& catalog);
Status Validate(const Variable& v, const Catalog& catalog);
Status Validate(const EventType& v, const Catalog& catalog);
Status Validate(const List& v, const Catalog& catalog);
Status Validate(const Detector& v, const Catalog& catalog);
Status Validate(const RuleVersion& v, const Catalog& catalog);
Status Validate(const DetectorVersion& v, const Catalog& catalog);
// model_validation.cc. A model: a strict id (^[0-9a-z_]+$), an existing event type. A model
// version: an existing model, an AFD version string, at least one input, each a variable the
// model's event type has (its EVENT variables, its AGGREGATE and DERIVED variables), none twice;
// a label schema (when given) of the event type's labels; a scorer unless TRAINING_IN_PROGRESS,
// ERROR or TRAINING_CANCELLED (whether the scorer itself is sound is engine::Snapshot's check).
Status Validate(const Model& v, const Catalog& catalog);
Status Validate(const ModelVersion& v, const Catalog& catalog);

// The field of the /detect payload that carries an entity's id: "<entity_type>_id".
std::string EntityIdField(const std::string& entity_type);

}  // namespace vigil::catalog
