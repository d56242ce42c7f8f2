// Snapshot: everything a decision needs, compiled once from a catalog and then only read.
// Every rule version of every detector is compiled against its event type; every detector
// version is resolved to its compiled rules, in evaluation order. A Snapshot is immutable and
// shared by all request threads (see registry.h); building one is the single place where a
// catalog is checked as a whole, so an edit that would leave any rule uncompilable is refused.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"
#include "engine/aggregates.h"
#include "ml/model_scorer.h"
#include "rules/rules.h"

namespace vigil::engine {

// One variable slot of an event type: event variables first (declaration order), then the
// derived variables that read event variables only, then its aggregate variables, then the
// derived variables that read aggregates, then model score variables.
struct VariableSlot {
  const catalog::Variable* variable = nullptr;
  Value default_value;  // coerced once; null for model scores
};

// A derived variable's compiled expression and the slot it fills.
struct DerivedSlot {
  int slot = -1;
  std::shared_ptr<const rules::Program> program;
};

// An event type's compiled view: slots, payload field lookup, rule environment.
struct CompiledEventType {
  const catalog::EventType* event_type = nullptr;
  std::vector<VariableSlot> slots;
  std::unordered_map<std::string, int> slot_of;           // variable name -> slot
  std::vector<std::string> entity_fields;                 // "<entity_type>_id", per entity type
  rules::Environment environment;
  // In slot order. `derived` read event variables only: BindEvent computes them, and aggregate
  // filters may read them. `derived_from_aggregates` also read aggregates: computed once the
  // aggregates are (DeriveFromAggregates, engine/bind_event.h).
  std::vector<DerivedSlot> derived;
  std::vector<DerivedSlot> derived_from_aggregates;
  EventAggregates aggregates;

  // True for an aggregate's slot and for a derived variable that reads aggregates: their values
  // need the event's history, not the event alone.
  bool ReadsHistory(int slot) const;
};

struct CompiledRule {
  const catalog::RuleVersion* rule = nullptr;
  std::shared_ptr<const rules::Program> program;
};

// A model version compiled for serving: its scorer (shared by every snapshot built while the
// version's stored scorer is unchanged), the slots of its inputs and of its score variable in
// its event type.
struct CompiledModel {
  const catalog::Model* model = nullptr;
  const catalog::ModelVersion* version = nullptr;
  std::shared_ptr<const ml::ModelScorer> scorer;
  std::shared_ptr<const std::string> source;  // the stored scorer it was compiled from
  std::vector<int> input_slots;               // one per scorer input, in input order
  int score_slot = -1;                        // <model_id>_insightscore
};

struct CompiledVersion {
  const catalog::Detector* detector = nullptr;
  const catalog::DetectorVersion* version = nullptr;
  const CompiledEventType* event_type = nullptr;
  std::vector<const CompiledRule*> rules;  // evaluation order
  std::vector<const CompiledModel*> models;  // the version's model versions, in its order
};

class Snapshot {
 public:
  // Compiles `catalog`. Every model version with a scorer is compiled (ml::ModelScorer::FromJson;
  // errors name "model 'm' version 1.0" and the scorer's member), reusing `previous`'s scorer
  // where the stored one did not change.
  // Errors name the rule version and carry the compiler's line:col message;
  // field "expression" for rule errors; aggregate and derived variable errors name the variable. The aggregates'
  // state is taken over from `previous` (may be null) where their definitions did not change
  // (engine/aggregates.h).
  static Result<std::shared_ptr<const Snapshot>> Build(catalog::CatalogPtr catalog,
                                                       const Snapshot* previous = nullptr);

  // The compiled event type, or null.
  const CompiledEventType* FindEventType(const std::string& name) const;
  // The event types some of whose aggregates do not hold the stored history yet.
  std::vector<std::string> EventTypesNeedingRebuild() const;

  const catalog::Catalog& catalog() const { return *catalog_; }
  const catalog::CatalogPtr& catalog_ptr() const { return catalog_; }

  // The version to run: `version` if given, else the detector's ACTIVE one. NotFound for an
  // unknown detector or version; Conflict when the detector has no ACTIVE version.
  Result<const CompiledVersion*> Resolve(const std::string& detector_id,
                                         std::optional<int> version) const;

  // List values by list slot, for rules::EvalContext.
  std::span<const rules::ListValues* const> lists() const { return list_ptrs_; }

 private:
  Snapshot() = default;

  catalog::CatalogPtr catalog_;
  std::vector<std::unique_ptr<rules::ListValues>> list_values_;
  std::vector<const rules::ListValues*> list_ptrs_;
  std::map<std::string, CompiledEventType> event_types_;
  std::map<std::tuple<std::string, std::string, int>, CompiledRule> rules_;
  std::map<std::string, std::map<int, CompiledVersion>> versions_;
  std::map<std::pair<std::string, std::string>, CompiledModel> models_;  // (model_id, version)
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace vigil::engine
