#include "api/detect_handler.h"

#include "api/detect_request.h"
#include "api/responses.h"
#include "core/json.h"
#include "engine/decide.h"
#include "engine/decision_record.h"

namespace vigil::api {

namespace bj = boost::json;

namespace {

// The stored record with its place in the hash chain, for GET and for replays.
Result<bj::object> RecordOf(const store::DecisionRecord& stored) {
  VIGIL_TRY(json, json::Parse(stored.record_json));
  if (!json.is_object()) return Fail(ErrorCode::kInternal, "stored record is not an object");
  return std::move(json.get_object());
}

}  // namespace

Result<std::string> DetectHandler::DefaultDetector(const engine::Snapshot& snapshot) const {
  if (!default_detector_.empty()) return default_detector_;
  const auto& detectors = snapshot.catalog().detectors;
  if (detectors.size() == 1) return detectors.begin()->first;
  return Fail(ErrorCode::kInvalidArgument,
              "detector_id is required: " + std::to_string(detectors.size()) +
                  " detectors exist and no default detector is configured",
              "detector_id");
}

void DetectHandler::Decide(const CallPtr& call) {
  const int64_t now = clock_.NowMicros();
  auto input = DecodeDetectBody(call->request().body());
  if (!input) return call->Finish(ErrorResponse(call->request(), input.error()));
  call->event_id = input->event_id;

  engine::SnapshotPtr snapshot = registry_.Current();
  if (input->detector_id.empty()) {
    auto detector = DefaultDetector(*snapshot);
    if (!detector) return call->Finish(ErrorResponse(call->request(), detector.error()));
    input->detector_id = std::move(*detector);
  }

  // A decided event id answers with its stored decision, without deciding again.
  auto existing = store_.GetDecision(input->event_id);
  if (!existing) return call->Finish(ErrorResponse(call->request(), existing.error()));
  if (existing->has_value()) {
    auto record = RecordOf(**existing);
    if (!record) return call->Finish(ErrorResponse(call->request(), record.error()));
    metrics_.RecordReplay();
    return call->Finish(JsonResponse(call->request(), 200, engine::ToAnswer(*record, true)));
  }

  auto decision = engine::Decide(snapshot, *input, now);
  if (!decision) return call->Finish(ErrorResponse(call->request(), decision.error()));

  store::DecisionRecord row;
  row.event_id = decision->event_id;
  row.detector_id = decision->version->version->detector_id;
  row.detector_version = std::to_string(decision->version->version->version);
  row.event_type = decision->version->event_type->event_type->name;
  row.fraud_label = decision->fraud_label;
  row.insight_score = decision->insight_score;
  row.decided_micros = decision->decided_micros;
  row.event_micros = decision->event_micros;
  row.record_json = engine::RecordJson(*decision);

  store_.AppendDecision(std::move(row), [call, decision = std::move(*decision),
                                         &metrics = metrics_](Result<store::AppendOutcome> outcome) {
    if (!outcome) return call->Finish(ErrorResponse(call->request(), outcome.error()));
    if (outcome->inserted) {
      metrics.RecordDecision(decision);
      return call->Finish(JsonTextResponse(call->request(), 200, engine::AnswerJson(decision)));
    }
    // The same event id was committed first by a concurrent request: answer with that one.
    metrics.RecordReplay();
    auto stored = RecordOf(outcome->record);
    if (!stored) return call->Finish(ErrorResponse(call->request(), stored.error()));
    call->Finish(JsonResponse(call->request(), 200, engine::ToAnswer(*stored, true)));
  });
}

void DetectHandler::Get(const CallPtr& call, const std::string& event_id) {
  call->event_id = event_id;
  auto stored = store_.GetDecision(event_id);
  if (!stored) return call->Finish(ErrorResponse(call->request(), stored.error()));
  if (!stored->has_value()) {
    return call->Finish(ErrorResponse(
        call->request(),
        Error{ErrorCode::kNotFound, "no decision for event_id '" + event_id + "'", "event_id"}));
  }
  auto record = RecordOf(**stored);
  if (!record) return call->Finish(ErrorResponse(call->request(), record.error()));
  (*record)["chain"] = bj::object{{"seq", (*stored)->seq},
                                  {"prev_hash", (*stored)->prev_hash},
                                  {"hash", (*stored)->hash}};
  call->Finish(JsonResponse(call->request(), 200, *record));
}

}  // namespace vigil::api
