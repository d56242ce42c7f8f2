// Stored events: SendEvent, GetEvent, UpdateEventLabel, DeleteEvent — the REST API's /events
// routes (api/event_routes.h) in AFD's shapes, with the same checks and effects.
#include "api/afd/members.h"
#include "api/afd/operation.h"
#include "core/json.h"
#include "core/names.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

// AFD's entities and event variables as the flat fields of an event body.
std::vector<std::pair<std::string, Value>> EventFieldsOf(const bj::object& in) {
  std::vector<std::pair<std::string, Value>> fields;
  if (const bj::array* entities = Array(in, "entities")) {
    for (const auto& entity : *entities) {
      const bj::object& e = entity.get_object();
      fields.emplace_back(Text(e, "entityType") + "_id", Value::String(Text(e, "entityId")));
    }
  }
  if (const bj::object* variables = Object(in, "eventVariables")) {
    for (const auto& [name, value] : *variables) {
      fields.emplace_back(std::string(name), Value::String(std::string(value.get_string())));
    }
  }
  return fields;
}

Result<EventLabel> LabelOf(const bj::object& in) {
  VIGIL_TRY(micros, TimeMember(in, "labelTimestamp"));
  return EventLabel{Text(in, "assignedLabel"), micros};
}

Result<bj::object> SendEvent(Context& context, const bj::object& in) {
  SendEventRequest request;
  request.event.event_id = Text(in, "eventId");
  VIGIL_TRY(micros, TimeMember(in, "eventTimestamp"));
  request.event.event_micros = micros;
  request.event.fields = EventFieldsOf(in);
  const bool labelled = in.contains("assignedLabel");
  if (labelled != in.contains("labelTimestamp")) {
    return Fail(ErrorCode::kInvalidArgument,
                "assignedLabel and labelTimestamp must be given together (or neither)",
                labelled ? "labelTimestamp" : "assignedLabel");
  }
  if (labelled) {
    VIGIL_TRY(label, LabelOf(in));
    request.label = std::move(label);
  }
  VIGIL_TRY(stored, context.events.StoreEvent(Text(in, "eventTypeName"), request));
  (void)stored;
  return bj::object();
}

// A stored variable's value as AFD's eventVariables carry it: a string.
std::string VariableText(const bj::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return json::Serialize(v);
}

Result<bj::object> GetEvent(Context& context, const bj::object& in) {
  VIGIL_TRY(event, context.events.GetEvent(Text(in, "eventTypeName"), Text(in, "eventId")));
  VIGIL_TRY(variables, json::Parse(event.variables_json));
  bj::object event_variables;
  if (variables.is_object()) {
    for (const auto& [name, value] : variables.get_object()) {
      if (!value.is_null()) event_variables[name] = VariableText(value);
    }
  }
  bj::object out{{"eventId", event.event_id},
                 {"eventTypeName", event.event_type},
                 {"eventTimestamp", TimeText(event.event_micros)},
                 {"eventVariables", std::move(event_variables)},
                 {"entities", bj::array{bj::object{{"entityType", event.entity_type},
                                                   {"entityId", event.entity_id}}}}};
  if (event.label) out["currentLabel"] = *event.label;
  if (event.label_micros) out["labelTimestamp"] = TimeText(*event.label_micros);
  return bj::object{{"event", std::move(out)}};
}

Result<bj::object> UpdateEventLabel(Context& context, const bj::object& in) {
  VIGIL_TRY(label, LabelOf(in));
  VIGIL_TRY(event,
            context.events.LabelEvent(Text(in, "eventTypeName"), Text(in, "eventId"), label));
  (void)event;
  return bj::object();
}

Result<bj::object> DeleteEvent(Context& context, const bj::object& in) {
  if (Flag(in, "deleteAuditHistory")) {
    return Fail(ErrorCode::kInvalidArgument,
                "deleteAuditHistory true is not supported: Vigil's prediction records are "
                "hash-chained for the audit trail, so deleting one would break the chain; delete "
                "the stored event alone (deleteAuditHistory false) and keep its prediction",
                "deleteAuditHistory");
  }
  VIGIL_CHECK(context.events.DeleteEvent(Text(in, "eventTypeName"), Text(in, "eventId")));
  return bj::object();
}

}  // namespace

void AddEventOperations(OperationTable& table) {
  table.AddSync("SendEvent", SendEvent);
  table.AddSync("GetEvent", GetEvent);
  table.AddSync("UpdateEventLabel", UpdateEventLabel);
  table.AddSync("DeleteEvent", DeleteEvent);
}

}  // namespace vigil::api::afd
