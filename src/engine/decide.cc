#include "engine/decide.h"

#include <algorithm>

#include "engine/bind_event.h"

namespace vigil::engine {

const char* ValueSourceName(ValueSource source) {
  switch (source) {
    case ValueSource::kEvent: return "EVENT";
    case ValueSource::kDefault: return "DEFAULT";
    case ValueSource::kModelScore: return "MODEL_SCORE";
    case ValueSource::kAggregate: return "AGGREGATE";
    case ValueSource::kDerived: return "DERIVED";
  }
  return "EVENT";
}

namespace {

void EvaluateRules(const CompiledVersion& v, const rules::EvalContext& context, Decision& d) {
  const bool first_only = v.version->execution_mode == catalog::ExecutionMode::kFirstMatched;
  d.evaluated.reserve(v.rules.size());
  for (const CompiledRule* rule : v.rules) {
    const bool matched = rule->program->Evaluate(context);
    d.evaluated.push_back(
        RuleEvaluation{rule->rule, matched, rule->program->ExpressionWithValues(context)});
    if (!matched) continue;
    for (const auto& outcome : rule->rule->outcomes) {
      if (std::ranges::find(d.outcomes, outcome) == d.outcomes.end()) d.outcomes.push_back(outcome);
    }
    if (first_only) break;
  }
}

// Each model's score into its slot, with its top contributors. The scratch is the thread's, so
// that scoring allocates nothing once it has grown to the largest model.
void ScoreModels(const CompiledVersion& v, Decision& d) {
  if (v.models.empty()) return;
  thread_local ml::ModelScorer::Scratch scratch;
  d.model_scores.reserve(v.models.size());
  for (const CompiledModel* m : v.models) {
    const ml::ModelScorer& scorer = *m->scorer;
    scorer.PrepareScratch(scratch);
    for (size_t i = 0; i < m->input_slots.size(); ++i) {
      scorer.EncodeInput(i, d.values[static_cast<size_t>(m->input_slots[i])], d.event_micros,
                         scratch);
    }
    ModelScore score{m, scorer.ScoreEncoded(scratch), {}, 0};
    score.top_count = scorer.Explain(scratch, score.top);
    d.values[static_cast<size_t>(m->score_slot)] = Value::Float(score.score);
    d.sources[static_cast<size_t>(m->score_slot)] = ValueSource::kModelScore;
    d.model_scores.push_back(score);
  }
  d.insight_score = d.model_scores.front().score;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

}  // namespace

void UndoAggregates(Decision& decision) {
  if (decision.version == nullptr || decision.aggregate_updates.empty()) return;
  decision.version->event_type->aggregates.Undo(decision.aggregate_updates);
  decision.aggregate_updates.clear();
}

Result<Decision> Decide(const SnapshotPtr& snapshot, const EventInput& input, int64_t now_micros) {
  VIGIL_TRY(version, snapshot->Resolve(input.detector_id, input.detector_version));
  Decision d;
  d.snapshot = snapshot;
  d.version = version;
  d.event_id = input.event_id;
  d.decided_micros = now_micros;
  d.event_micros = input.event_micros.value_or(now_micros);
  VIGIL_TRY(bound, BindEvent(input.fields, *version->event_type, d.event_micros));
  d.entities = std::move(bound.entities);
  d.values = std::move(bound.values);
  d.sources = std::move(bound.sources);
  const EventAggregates& aggregates = version->event_type->aggregates;
  if (!aggregates.empty()) {
    std::vector<std::string_view> entity_ids;
    entity_ids.reserve(d.entities.size());
    for (const Entity& entity : d.entities) entity_ids.push_back(entity.entity_id);
    aggregates.Update(d.event_id, d.event_micros, entity_ids, d.values, snapshot->lists(),
                      d.aggregate_updates);
  }
  DeriveFromAggregates(*version->event_type, d.values, d.event_micros);

  ScoreModels(*version, d);

  rules::EvalContext context{d.values, snapshot->lists(), now_micros, d.event_micros};
  EvaluateRules(*version, context, d);

  if (d.outcomes.empty() && !version->version->default_outcome.empty()) {
    d.outcomes.push_back(version->version->default_outcome);
  }
  d.fraud_label = d.outcomes.empty() ? "LEGIT" : Upper(d.outcomes.front());
  return d;
}

}  // namespace vigil::engine
