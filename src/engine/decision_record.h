// The decision record: the durable, explainable account of one decision, as JSON. It is what the
// store keeps, what GET /detect/{event_id} returns, and what the /detect answer is cut from, so a
// replayed event id answers exactly what was first answered.
//
// Members: event_id, event_type, event_timestamp, timestamp (decision time, ISO-8601 UTC),
// detector_id, detector_version, detector_version_status, rule_execution_mode, entities
// [{entity_type, entity_id}], variables [{name, data_type, value, source}], rules
// [{rule_id, rule_version, expression, expression_with_values, matched, outcomes}], outcomes,
// fraud_label, insight_score, model_scores [{model_id, model_type, model_version, score,
// top_contributors [{variable, contribution}]}], rule_results [{rule_id, rule_version, outcomes}]
// (matched rules only, as AFD's ruleResults).
#pragma once

#include <boost/json.hpp>

#include "engine/decision.h"

namespace vigil::engine {

// The record as JSON text, written directly (no DOM: this is on every decision's path).
std::string RecordJson(const Decision& decision);

// The /detect answer: the seed's DynamoDB item (event_id, fraud_label, insight_score, timestamp)
// plus detector_id, detector_version, outcomes, rule_results, model_scores, and replay (true when
// the event id had been decided before). AnswerJson writes it for a fresh decision; ToAnswer cuts
// the same members from a stored record.
std::string AnswerJson(const Decision& decision);
boost::json::object ToAnswer(const boost::json::object& record, bool replay);

}  // namespace vigil::engine
