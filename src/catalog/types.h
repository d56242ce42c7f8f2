// The concepts of Amazon Fraud Detector, kept on purpose (DESIGN.md §2), as plain data.
// Nothing here validates or owns anything; see validation.h for the rules and catalog.h for the
// immutable snapshot that holds them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/aggregate.h"
#include "core/value.h"

namespace vigil::catalog {

// Common to every object: when it was created and last changed (microseconds, UTC).
struct Stamps {
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
  friend bool operator==(const Stamps&, const Stamps&) = default;
};

struct EntityType {
  std::string name;  // ^[0-9a-z_-]+$; the /detect payload carries its id as "<name>_id"
  std::string description;
  Stamps stamps;
  friend bool operator==(const EntityType&, const EntityType&) = default;
};

struct Label {
  std::string name;
  std::string description;
  Stamps stamps;
  friend bool operator==(const Label&, const Label&) = default;
};

struct Outcome {
  std::string name;  // fraud_label of a decision is the first outcome's name in upper case
  std::string description;
  Stamps stamps;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

enum class DataSource { kEvent, kModelScore, kAggregate, kDerived };

// A DERIVED variable: computed from the event alone, its variables and its timestamp, by a
// DETECTORPL value expression (`gethour(geteventdatetime()) <= 6`), so that serving, replays and
// training compute it alike. The expression is checked when the catalog is compiled
// (engine/snapshot.h): its type must be the variable's data type.
struct DerivedDefinition {
  std::string event_type = {};  // whose events it is computed for (a detector file's own by default)
  std::string expression = {};
  friend bool operator==(const DerivedDefinition&, const DerivedDefinition&) = default;
};

struct Variable {
  std::string name;
  DataType data_type = DataType::kString;
  DataSource data_source = DataSource::kEvent;
  // The value a decision uses when the event omits the variable, as text coerced to data_type.
  // Required for EVENT variables (as on AFD); absent for MODEL_SCORE variables (null until a model
  // scores) and AGGREGATE and DERIVED ones (always computed).
  std::optional<std::string> default_value;
  std::optional<AggregateDefinition> aggregate;  // exactly for AGGREGATE variables
  std::optional<DerivedDefinition> derived;      // exactly for DERIVED variables
  std::string variable_type;  // AFD's variable type: IP_ADDRESS, PRICE, CATEGORICAL, ...
  std::string description;
  Stamps stamps;
  friend bool operator==(const Variable&, const Variable&) = default;
};

struct EventType {
  std::string name;
  std::vector<std::string> variables;     // names of EVENT variables, at least one
  std::vector<std::string> entity_types;  // at least one
  std::vector<std::string> labels;
  bool event_ingestion = false;           // store every decided event (a later issue builds on it)
  std::string description;
  Stamps stamps;
  friend bool operator==(const EventType&, const EventType&) = default;
};

struct List {
  std::string name;                       // ^[0-9a-z_]+$
  std::string variable_type;              // ^[A-Z_]{1,64}$ once set; cannot change after
  std::vector<std::string> elements;      // each 1..320 chars, ^\S+( +\S+)*$, at most 100,000
  std::string description;
  Stamps stamps;
  friend bool operator==(const List&, const List&) = default;
};

// One version of a rule. Versions are immutable; a changed expression is a new version.
struct RuleVersion {
  std::string detector_id;
  std::string rule_id;
  int version = 1;
  std::string expression;                 // DETECTORPL, 1..4096 chars
  std::vector<std::string> outcomes;      // at least one
  std::string description;
  Stamps stamps;
  friend bool operator==(const RuleVersion&, const RuleVersion&) = default;
};

struct Detector {
  std::string detector_id;
  std::string event_type;
  std::string description;
  Stamps stamps;
  friend bool operator==(const Detector&, const Detector&) = default;
};

enum class VersionStatus { kDraft, kActive, kInactive };
enum class ExecutionMode { kFirstMatched, kAllMatched };

struct RuleRef {
  std::string rule_id;
  int version = 1;
  friend bool operator==(const RuleRef&, const RuleRef&) = default;
};

struct ModelVersionRef {
  std::string model_id;
  std::string version;  // "1.0"
  friend bool operator==(const ModelVersionRef&, const ModelVersionRef&) = default;
};

struct DetectorVersion {
  std::string detector_id;
  int version = 1;
  VersionStatus status = VersionStatus::kDraft;
  ExecutionMode execution_mode = ExecutionMode::kFirstMatched;
  std::vector<RuleRef> rules;                 // evaluation order
  std::vector<ModelVersionRef> model_versions;
  std::string default_outcome;                // used when no rule matched; empty = LEGIT
  std::string description;
  Stamps stamps;
  friend bool operator==(const DetectorVersion&, const DetectorVersion&) = default;
};

const char* VersionStatusName(VersionStatus status);    // "DRAFT", "ACTIVE", "INACTIVE"
std::optional<VersionStatus> ParseVersionStatus(std::string_view name);
const char* ExecutionModeName(ExecutionMode mode);      // "FIRST_MATCHED", "ALL_MATCHED"
std::optional<ExecutionMode> ParseExecutionMode(std::string_view name);
const char* DataSourceName(DataSource source);  // "EVENT", "MODEL_SCORE", "AGGREGATE", "DERIVED"
std::optional<DataSource> ParseDataSource(std::string_view name);

}  // namespace vigil::catalog
