#include "api/decision_row.h"

#include <string>

#include "api/event_row.h"
#include "engine/decision_record.h"

namespace vigil::api {

store::DecisionRecord DecisionRow(const engine::Decision& decision) {
  store::DecisionRecord row;
  row.event_id = decision.event_id;
  row.detector_id = decision.version->version->detector_id;
  row.detector_version = std::to_string(decision.version->version->version);
  row.event_type = decision.version->event_type->event_type->name;
  row.fraud_label = decision.fraud_label;
  row.insight_score = decision.insight_score;
  row.decided_micros = decision.decided_micros;
  row.event_micros = decision.event_micros;
  row.record_json = engine::RecordJson(decision);
  const engine::CompiledEventType& event_type = *decision.version->event_type;
  if (event_type.event_type->event_ingestion) {
    row.event = EventRow(event_type, decision.event_id, decision.event_micros, decision.entities,
                         decision.values);
  }
  return row;
}

}  // namespace vigil::api
