#include "api/event_routes.h"

#include <algorithm>

#include "api/admin_replies.h"
#include "api/event_request.h"
#include "api/event_row.h"
#include "api/responses.h"
#include "core/names.h"
#include "engine/bind_event.h"
#include "engine/event_history.h"

namespace vigil::api {

namespace beast_http = boost::beast::http;

namespace {

Result<const engine::CompiledEventType*> EventTypeNamed(const engine::Snapshot& snapshot,
                                                        const std::string& name) {
  const engine::CompiledEventType* event_type = snapshot.FindEventType(name);
  if (event_type == nullptr) {
    return Fail(ErrorCode::kNotFound, "event type '" + name + "' does not exist", "event_type");
  }
  return event_type;
}

Status CheckLabel(const catalog::EventType& event_type, const std::string& label) {
  if (std::ranges::find(event_type.labels, label) != event_type.labels.end()) return {};
  std::string known;
  for (const auto& name : event_type.labels) known += (known.empty() ? "" : ", ") + name;
  return Fail(ErrorCode::kInvalidArgument,
              "label '" + label + "' is not a label of event type '" + event_type.name + "' (" +
                  (known.empty() ? std::string("it has none") : "its labels: " + known) + ")",
              "label");
}

// 404 for an event that is not stored, saying whether its event type is unknown too.
Error NoSuchEvent(const engine::Snapshot& snapshot, const std::string& event_type,
                  const std::string& event_id) {
  if (snapshot.FindEventType(event_type) == nullptr) {
    return Error{
        ErrorCode::kNotFound,
        "no stored event '" + event_id + "': event type '" + event_type + "' does not exist",
        "event_type"};
  }
  return Error{ErrorCode::kNotFound,
               "no stored event '" + event_id + "' of event type '" + event_type + "'", "event_id"};
}

// DeleteEvent's query: only delete_audit_history, and only false.
Status CheckDeleteQuery(std::string_view query) {
  while (!query.empty()) {
    const size_t end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    query.remove_prefix(std::min(end + 1, query.size()));
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (key != "delete_audit_history") {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown query parameter '" + std::string(key) +
                      "' (DELETE takes only delete_audit_history)",
                  std::string(key));
    }
    if (value == "true") {
      return Fail(ErrorCode::kInvalidArgument,
                  "delete_audit_history=true is not supported: decision records are hash-chained "
                  "for the audit trail (each holds the hash of the one before), so deleting one "
                  "would break the chain; delete the stored event alone (without the parameter, "
                  "or with delete_audit_history=false) and keep its decision record",
                  "delete_audit_history");
    }
    if (value != "false") {
      return Fail(ErrorCode::kInvalidArgument, "delete_audit_history must be true or false",
                  "delete_audit_history");
    }
  }
  return {};
}

// Takes a stored event out of the aggregates' windows.
Status Forget(const engine::CompiledEventType& event_type, const store::StoredEvent& event) {
  VIGIL_TRY(fields, EventFields(event));
  return engine::ForgetHistoryEvent(event_type, {event.event_id, event.event_micros, &fields});
}

// 200 with the event as JSON, or the error.
void AnswerEvent(const CallPtr& call, const Result<store::StoredEvent>& event) {
  Result<boost::json::object> json =
      event ? EventJson(*event) : Result<boost::json::object>(std::unexpected(event.error()));
  if (!json) return call->Finish(ErrorResponse(call->request(), json.error()));
  call->Finish(JsonResponse(call->request(), 200, *json));
}

}  // namespace

const char* EventRoutes::RouteName(size_t segments) {
  switch (segments) {
    case 1:
      return "/events/{event_type}";
    case 2:
      return "/events/{event_type}/{event_id}";
    case 3:
      return "/events/{event_type}/{event_id}/label";
    default:
      return "/events";
  }
}

void EventRoutes::Handle(const CallPtr& call, const std::vector<std::string>& segments,
                         std::string_view query) {
  const auto method = call->request().method();
  if (segments.size() == 1) {
    if (method == beast_http::verb::post) return Send(call, segments[0]);
  } else if (segments.size() == 2) {
    if (method == beast_http::verb::get) return Get(call, segments[0], segments[1]);
    if (method == beast_http::verb::delete_) return Delete(call, segments[0], segments[1], query);
  } else if (segments.size() == 3 && segments[2] == "label") {
    if (method == beast_http::verb::put) return Label(call, segments[0], segments[1]);
  } else {
    return NotFoundPath(call);
  }
  MethodNotAllowed(call);
}

Result<store::StoredEvent> EventRoutes::StoreEvent(const std::string& event_type_name,
                                                   const SendEventRequest& request) {
  engine::SnapshotPtr snapshot = registry_.Current();
  VIGIL_TRY(event_type, EventTypeNamed(*snapshot, event_type_name));
  VIGIL_TRY(bound,
            engine::BindEvent(request.event.fields, *event_type, *request.event.event_micros));
  store::StoredEvent row = EventRow(*event_type, request.event.event_id,
                                    *request.event.event_micros, bound.entities, bound.values);
  if (request.label) {
    VIGIL_CHECK(CheckLabel(*event_type->event_type, request.label->label));
    row.label = request.label->label;
    row.label_micros = request.label->label_micros;
  }
  // A stored event sent again with other content: the windows forget the old one.
  VIGIL_TRY(previous, store_.GetEvent(event_type_name, request.event.event_id));
  VIGIL_TRY(stored, store_.PutEvent(row));
  if (previous) VIGIL_CHECK(Forget(*event_type, *previous));
  const engine::HistoryEvent history{stored.event_id, stored.event_micros, &request.event.fields};
  VIGIL_CHECK(engine::CountHistoryEvent(*event_type, history, snapshot->lists()));
  if (stored.label) VIGIL_CHECK(engine::LabelHistoryEvent(*event_type, history, *stored.label));
  metrics_.RecordStoredEvent(stored.event_type, StoredEventSource::kSendEvent);
  return stored;
}

Result<store::StoredEvent> EventRoutes::LabelEvent(const std::string& event_type_name,
                                                   const std::string& event_id,
                                                   const EventLabel& label) {
  engine::SnapshotPtr snapshot = registry_.Current();
  VIGIL_TRY(event_type, EventTypeNamed(*snapshot, event_type_name));
  VIGIL_CHECK(ValidateEventId(event_id, "event_id"));
  VIGIL_CHECK(CheckLabel(*event_type->event_type, label.label));
  VIGIL_TRY(event, store_.LabelEvent(event_type_name, event_id, label.label, label.label_micros));
  if (!event) return std::unexpected(NoSuchEvent(*snapshot, event_type_name, event_id));
  VIGIL_TRY(fields, EventFields(*event));
  VIGIL_CHECK(engine::LabelHistoryEvent(*event_type,
                                        {event->event_id, event->event_micros, &fields},
                                        label.label));
  metrics_.RecordLabelUpdate(event->event_type, *event->label);
  return std::move(*event);
}

Result<store::StoredEvent> EventRoutes::GetEvent(const std::string& event_type,
                                                 const std::string& event_id) {
  VIGIL_CHECK(ValidateEventId(event_id, "event_id"));
  VIGIL_TRY(event, store_.GetEvent(event_type, event_id));
  if (!event) return std::unexpected(NoSuchEvent(*registry_.Current(), event_type, event_id));
  return std::move(*event);
}

Status EventRoutes::DeleteEvent(const std::string& event_type, const std::string& event_id) {
  VIGIL_CHECK(ValidateEventId(event_id, "event_id"));
  VIGIL_TRY(stored, store_.GetEvent(event_type, event_id));
  VIGIL_TRY(found, store_.DeleteEvent(event_type, event_id));
  if (!found) return std::unexpected(NoSuchEvent(*registry_.Current(), event_type, event_id));
  const engine::SnapshotPtr snapshot = registry_.Current();
  if (const auto* compiled = snapshot->FindEventType(event_type); compiled && stored) {
    VIGIL_CHECK(Forget(*compiled, *stored));
  }
  return {};
}

void EventRoutes::Send(const CallPtr& call, const std::string& event_type_name) {
  AnswerEvent(call, [&]() -> Result<store::StoredEvent> {
    VIGIL_TRY(event_type, EventTypeNamed(*registry_.Current(), event_type_name));
    (void)event_type;  // an unknown event type is refused before its body is read
    VIGIL_TRY(request, DecodeSendEventBody(call->request().body()));
    call->event_id = request.event.event_id;
    return StoreEvent(event_type_name, request);
  }());
}

void EventRoutes::Label(const CallPtr& call, const std::string& event_type_name,
                        const std::string& event_id) {
  call->event_id = event_id;
  AnswerEvent(call, [&]() -> Result<store::StoredEvent> {
    VIGIL_TRY(event_type, EventTypeNamed(*registry_.Current(), event_type_name));
    (void)event_type;
    VIGIL_CHECK(ValidateEventId(event_id, "event_id"));
    VIGIL_TRY(label, DecodeLabelBody(call->request().body()));
    return LabelEvent(event_type_name, event_id, label);
  }());
}

void EventRoutes::Get(const CallPtr& call, const std::string& event_type,
                      const std::string& event_id) {
  call->event_id = event_id;
  AnswerEvent(call, GetEvent(event_type, event_id));
}

void EventRoutes::Delete(const CallPtr& call, const std::string& event_type,
                         const std::string& event_id, std::string_view query) {
  call->event_id = event_id;
  auto deleted = [&]() -> Status {
    VIGIL_CHECK(ValidateEventId(event_id, "event_id"));
    VIGIL_CHECK(CheckDeleteQuery(query));
    return DeleteEvent(event_type, event_id);
  }();
  if (!deleted) return call->Finish(ErrorResponse(call->request(), deleted.error()));
  call->Finish(EmptyResponse(call->request(), 204));
}

}  // namespace vigil::api
