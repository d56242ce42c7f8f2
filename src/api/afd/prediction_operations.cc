// GetEventPrediction (decided and stored as POST /detect decides), GetEventPredictionMetadata
// and ListEventPredictions (read from the decision records).
#include "api/afd/afd_protocol.h"
#include "api/afd/members.h"
#include "api/afd/named_operations.h"
#include "api/afd/operation.h"
#include "api/afd/prediction_result.h"
#include "core/json.h"
#include "core/names.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr size_t kDefaultPredictionPage = 10;  // AFD: "null = 10 per page"

// GetEventPrediction's request as the engine's input: entities become "<entityType>_id" fields
// and every event variable a (string) field, coerced to its declared type when bound.
Result<engine::EventInput> PredictionInput(const engine::Snapshot& snapshot, const bj::object& in) {
  engine::EventInput input;
  input.event_id = Text(in, "eventId");
  VIGIL_CHECK(ValidateEventId(input.event_id, "eventId"));
  input.detector_id = Text(in, "detectorId");
  VIGIL_CHECK(ValidateIdentifier(input.detector_id, "detectorId"));
  if (auto version = OptionalText(in, "detectorVersionId")) {
    input.detector_version = VersionNumber(*version);
  }
  VIGIL_TRY(micros, TimeMember(in, "eventTimestamp"));
  input.event_micros = micros;
  const auto& detectors = snapshot.catalog().detectors;
  const std::string event_type = Text(in, "eventTypeName");
  if (auto d = detectors.find(input.detector_id);
      d != detectors.end() && d->second.event_type != event_type) {
    return Fail(ErrorCode::kInvalidArgument,
                "eventTypeName '" + event_type + "' is not the event type of detector '" +
                    input.detector_id + "' ('" + d->second.event_type + "')",
                "eventTypeName");
  }
  VIGIL_CHECK(RefuseExternalModels(in, "externalModelEndpointDataBlobs"));
  for (const auto& entity : *Array(in, "entities")) {
    const bj::object& e = entity.get_object();
    input.fields.emplace_back(Text(e, "entityType") + "_id", Value::String(Text(e, "entityId")));
  }
  for (const auto& [name, value] : *Object(in, "eventVariables")) {
    input.fields.emplace_back(std::string(name), Value::String(std::string(value.get_string())));
  }
  return input;
}

void GetEventPrediction(Context& context, const AfdCallPtr& call) {
  auto input = PredictionInput(*context.registry.Current(), call->input());
  if (!input) return call->Refuse(FromError(input.error()));
  const http::Request& request = call->call()->request();
  auto answer = [call, &request](const bj::object& record) {
    return AfdSuccess(request, call->request_id(), json::Serialize(PredictionResult(record)));
  };
  DecisionAnswers answers{
      [answer](const engine::Decision&, const std::string& record_json) {
        auto record = json::Parse(record_json);
        return answer(record && record->is_object() ? record->get_object() : bj::object());
      },
      answer,
      [call, &request](const Error& error) {
        return AfdFailure(request, call->request_id(), FromError(error));
      }};
  context.decisions.Decide(call->call(), std::move(*input), std::move(answers));
}

Result<bj::object> RecordOf(const store::DecisionRecord& row) {
  VIGIL_TRY(json, json::Parse(row.record_json));
  if (!json.is_object()) return Fail(ErrorCode::kInternal, "stored record is not an object");
  return std::move(json.get_object());
}

Result<bj::object> GetEventPredictionMetadata(Context& context, const bj::object& in) {
  const std::string event_id = Text(in, "eventId");
  VIGIL_TRY(row, context.store.GetDecision(event_id));
  VIGIL_TRY(timestamp, TimeMember(in, "predictionTimestamp"));
  const bool matches = row && row->event_type == Text(in, "eventTypeName") &&
                       row->detector_id == Text(in, "detectorId") &&
                       row->detector_version == Text(in, "detectorVersionId") &&
                       row->decided_micros == timestamp;
  if (!matches) {
    return Fail(
        ErrorCode::kNotFound,
        "no prediction for event '" + event_id + "' of event type '" + Text(in, "eventTypeName") +
            "' by detector '" + Text(in, "detectorId") + "' version " +
            Text(in, "detectorVersionId") + " at " + Text(in, "predictionTimestamp") +
            (row ? " (its prediction was made by detector '" + row->detector_id + "' version " +
                       row->detector_version + " at " + TimeText(row->decided_micros) + ")"
                 : std::string()));
  }
  VIGIL_TRY(record, RecordOf(*row));
  return PredictionMetadata(record);
}

// A FilterCondition's value, when given.
std::optional<std::string> Filter(const bj::object& in, std::string_view key) {
  const bj::object* condition = Object(in, key);
  if (condition == nullptr) return std::nullopt;
  return OptionalText(*condition, "value");
}

Result<bj::object> ListEventPredictions(Context& context, const bj::object& in) {
  const auto event_id = Filter(in, "eventId");
  const auto event_type = Filter(in, "eventType");
  const auto detector_version = Filter(in, "detectorVersionId");
  std::optional<int64_t> start, end;
  if (const bj::object* range = Object(in, "predictionTimeRange")) {
    VIGIL_TRY(s, TimeMember(*range, "startTime"));
    VIGIL_TRY(e, TimeMember(*range, "endTime"));
    start = s;
    end = e;
  }
  store::DecisionQuery query;
  query.detector_id = Filter(in, "detectorId");
  if (end) query.decided_before_micros = *end + 1;
  if (auto token = OptionalText(in, "nextToken")) {
    auto seq = CoerceText(*token, DataType::kInteger);
    if (!seq || seq->integer() < 1) {
      return Fail(ErrorCode::kInvalidArgument, "nextToken is not a token this listing gave",
                  "nextToken");
    }
    query.before_seq = seq->integer();
  }
  const size_t page_size = static_cast<size_t>(
      OptionalInteger(in, "maxResults").value_or(static_cast<int64_t>(kDefaultPredictionPage)));
  query.limit = 500;
  bj::array summaries;
  // Newest first; filters the store does not index are applied here, a batch at a time.
  for (bool more = true; more && summaries.size() < page_size;) {
    VIGIL_TRY(rows, context.store.ListDecisions(query));
    more = rows.size() == query.limit;
    for (const auto& row : rows) {
      query.before_seq = row.seq;
      if (start && row.decided_micros < *start) {
        more = false;  // older still from here on
        break;
      }
      if ((event_id && row.event_id != *event_id) ||
          (event_type && row.event_type != *event_type) ||
          (detector_version && row.detector_version != *detector_version)) {
        continue;
      }
      summaries.push_back(PredictionSummary(row));
      if (summaries.size() == page_size) break;
    }
  }
  bj::object out{{"eventPredictionSummaries", std::move(summaries)}};
  if (out["eventPredictionSummaries"].get_array().size() == page_size && query.before_seq) {
    out["nextToken"] = std::to_string(*query.before_seq);
  }
  return out;
}

}  // namespace

void AddPredictionOperations(OperationTable& table) {
  table.Add("GetEventPrediction", GetEventPrediction);
  table.AddSync("GetEventPredictionMetadata", GetEventPredictionMetadata);
  table.AddSync("ListEventPredictions", ListEventPredictions);
}

}  // namespace vigil::api::afd
