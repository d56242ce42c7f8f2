#include "api/detect_handler.h"

#include "api/decision_row.h"
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

Result<std::optional<bj::object>> DetectHandler::StoredRecord(const std::string& event_id) {
  VIGIL_TRY(existing, store_.GetDecision(event_id));
  if (!existing) return std::optional<bj::object>();
  VIGIL_TRY(record, RecordOf(*existing));
  return std::optional<bj::object>(std::move(record));
}

void DetectHandler::Decide(const CallPtr& call) {
  auto input = DecodeDetectBody(call->request().body());
  if (!input) return call->Finish(ErrorResponse(call->request(), input.error()));
  const http::Request& request = call->request();
  DecisionAnswers answers{
      [&request](const engine::Decision& decision, const std::string&) {
        return JsonTextResponse(request, 200, engine::AnswerJson(decision));
      },
      [&request](const bj::object& record) {
        return JsonResponse(request, 200, engine::ToAnswer(record, true));
      },
      [&request](const Error& error) { return ErrorResponse(request, error); }};
  Decide(call, std::move(*input), std::move(answers));
}

void DetectHandler::Decide(const CallPtr& call, engine::EventInput input,
                           DecisionAnswers answers) {
  const int64_t now = clock_.NowMicros();
  call->event_id = input.event_id;
  auto replay = [&](const bj::object& record) {
    metrics_.RecordReplay();
    call->Finish(answers.stored(record));
  };

  // While the store cannot write (a full or read-only disk), a repeated event id is still
  // answered from its stored decision: reads keep working, only new decisions need the disk.
  if (!store_.Healthy()) {
    auto stored = StoredRecord(input.event_id);
    if (stored && *stored) return replay(**stored);
  }

  // Decide first and let the store settle repeats: a repeated event id is rare, and the store
  // finds it while inserting (below) at no extra cost, where a lookup before every decision
  // would cost a read per request.
  engine::SnapshotPtr snapshot = registry_.Current();
  Result<engine::Decision> decision = [&]() -> Result<engine::Decision> {
    if (input.detector_id.empty()) {
      VIGIL_TRY(detector, DefaultDetector(*snapshot));
      input.detector_id = std::move(detector);
    }
    return engine::Decide(snapshot, input, now);
  }();
  if (!decision) {
    // The catalog may have changed since the event was decided: a stored decision still answers.
    auto stored = StoredRecord(input.event_id);
    if (!stored) return call->Finish(answers.error(stored.error()));
    if (*stored) return replay(**stored);
    return call->Finish(answers.error(decision.error()));
  }

  store::DecisionRecord row = DecisionRow(*decision);
  const bool ingests = row.event.has_value();
  // Built here, on the I/O thread: the commit callback runs on the store's single writer thread,
  // which must only hand answers over.
  http::Response answer = answers.fresh(*decision, row.record_json);

  store_.AppendDecision(std::move(row), [call, decision = std::move(*decision),
                                         answer = std::move(answer), ingests, &metrics = metrics_,
                                         answers = std::move(answers)](
                                            Result<store::AppendOutcome> outcome) mutable {
    // The aggregates hold exactly the stored events: a decision not stored counts nowhere.
    if (!outcome || !outcome->inserted) engine::UndoAggregates(decision);
    if (!outcome) return call->Finish(answers.error(outcome.error()));
    if (outcome->inserted) {
      metrics.RecordDecision(decision);
      if (ingests) {
        metrics.RecordStoredEvent(decision.version->event_type->event_type->name,
                                  StoredEventSource::kDetect);
      }
      return call->Finish(std::move(answer));
    }
    // The event id was stored before, or by a concurrent request: answer with that decision.
    metrics.RecordReplay();
    auto stored = RecordOf(outcome->record);
    if (!stored) return call->Finish(answers.error(stored.error()));
    call->Finish(answers.stored(*stored));
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
