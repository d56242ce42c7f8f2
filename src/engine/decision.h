// What goes into a decision and what comes out. Plain data; a Decision keeps the snapshot it was
// made from alive, so its pointers into the catalog stay valid as long as it does.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/value.h"
#include "engine/snapshot.h"

namespace vigil::engine {

// An event to decide, as decoded from a request: reserved members parsed, every other member
// kept as an untyped field for Decide() to check against the event type.
struct EventInput {
  std::string event_id;
  std::optional<int64_t> event_micros;  // default: decision time
  std::string detector_id;              // empty: the caller resolves the default first
  std::optional<int> detector_version;  // default: the ACTIVE version
  std::vector<std::pair<std::string, Value>> fields;
};

enum class ValueSource { kEvent, kDefault, kModelScore, kAggregate, kDerived };
// "EVENT", "DEFAULT", "MODEL_SCORE", "AGGREGATE", "DERIVED"
const char* ValueSourceName(ValueSource source);

struct Entity {
  std::string entity_type;
  std::string entity_id;  // "unknown" when the event does not carry it (AFD's convention)
};

struct RuleEvaluation {
  const catalog::RuleVersion* rule = nullptr;
  bool matched = false;
  std::string expression_with_values;
};

// One model's part in a decision: its score and the inputs that moved it most.
struct ModelScore {
  static constexpr size_t kTopContributors = 3;
  const CompiledModel* model = nullptr;
  double score = 0;  // 0..1000, also in the <model_id>_insightscore slot
  // The inputs with the largest |contribution| to the margin (log-odds), largest first.
  std::array<ml::InputContribution, kTopContributors> top = {};
  size_t top_count = 0;
};

struct Decision {
  SnapshotPtr snapshot;
  const CompiledVersion* version = nullptr;
  std::string event_id;
  int64_t event_micros = 0;
  int64_t decided_micros = 0;
  std::vector<Entity> entities;
  std::vector<Value> values;          // by variable slot
  std::vector<ValueSource> sources;   // by variable slot
  std::vector<RuleEvaluation> evaluated;  // every evaluated rule, in order
  // Outcomes of the matched rules in evaluation order without repeats; when no rule matched, the
  // version's default outcome (if it has one).
  std::vector<std::string> outcomes;
  std::string fraud_label;            // the first outcome in upper case; "LEGIT" when none
  std::vector<ModelScore> model_scores;  // the version's models, in its order
  std::optional<double> insight_score;   // the first model's score; none without models
  // What this decision added to the aggregates' windows; UndoAggregates takes it back.
  std::vector<AggregateUpdate> aggregate_updates;
};

// Takes the decision's event back out of the aggregates, for a decision that was not stored
// (its event id had been decided before, or the commit failed), so that the windows hold
// exactly the stored events. Idempotent.
void UndoAggregates(Decision& decision);

}  // namespace vigil::engine
