// AFD's views of a decision record (engine/decision_record.h): GetEventPrediction's result,
// GetEventPredictionMetadata's and ListEventPredictions' summary. Cut from the record, so a
// replayed event id answers what was first answered and the REST API's GET /detect/{event_id}
// shows the same decision.
#pragma once

#include <boost/json.hpp>

#include "store/store.h"

namespace vigil::api::afd {

// {modelScores: [{modelVersion: {modelId, modelType, modelVersionNumber}, scores:
// {"<modelId>_insightscore": 432.0}}], ruleResults: [{ruleId, outcomes}] (matched rules, in
// evaluation order), externalModelOutputs: []}.
boost::json::object PredictionResult(const boost::json::object& record);

// GetEventPredictionMetadataResult: the evaluated variables, every evaluated rule with its
// expression with values, the outcomes, and each model's score with the inputs that moved it
// most (as variableImpactExplanations' logOddsImpact).
boost::json::object PredictionMetadata(const boost::json::object& record);

// EventPredictionSummary {eventId, eventTypeName, eventTimestamp, predictionTimestamp,
// detectorId, detectorVersionId}.
boost::json::object PredictionSummary(const store::DecisionRecord& row);

}  // namespace vigil::api::afd
