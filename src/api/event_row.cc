#include "api/event_row.h"

#include "catalog/validation.h"
#include "core/json.h"
#include "core/json_scalar_object.h"
#include "core/time_format.h"
#include "engine/bind_event.h"

namespace vigil::api {

namespace bj = boost::json;

store::StoredEvent EventRow(const engine::CompiledEventType& event_type, std::string event_id,
                            int64_t event_micros, const std::vector<engine::Entity>& entities,
                            const std::vector<Value>& values) {
  store::StoredEvent row;
  row.event_type = event_type.event_type->name;
  row.event_id = std::move(event_id);
  if (!entities.empty()) {
    row.entity_type = entities.front().entity_type;
    row.entity_id = entities.front().entity_id;
  }
  row.event_micros = event_micros;
  row.variables_json = engine::EventVariablesJson(event_type, values);
  return row;
}

namespace {

Result<bj::value> StoredVariables(const store::StoredEvent& event) {
  VIGIL_TRY(variables, json::Parse(event.variables_json));
  if (!variables.is_object()) {
    return Fail(ErrorCode::kInternal, "the variables of stored event " + event.event_type + "/" +
                                          event.event_id + " are not a JSON object");
  }
  return variables;
}

}  // namespace

Status EventFields(const store::StoredEvent& event,
                   std::vector<std::pair<std::string, Value>>& fields) {
  if (fields.empty()) fields.emplace_back();
  fields.front().first = catalog::EntityIdField(event.entity_type);
  fields.front().second = Value::String(event.entity_id);
  if (auto read = json::ReadScalarObject(event.variables_json, fields, 1); !read) {
    return Fail(ErrorCode::kInternal, "the variables of stored event " + event.event_type + "/" +
                                          event.event_id + ": " + read.error().message);
  }
  return {};
}

Result<std::vector<std::pair<std::string, Value>>> EventFields(const store::StoredEvent& event) {
  std::vector<std::pair<std::string, Value>> fields;
  VIGIL_CHECK(EventFields(event, fields));
  return fields;
}

Result<bj::object> EventJson(const store::StoredEvent& event) {
  VIGIL_TRY(variables, StoredVariables(event));
  bj::object out{{"event_type", event.event_type},
                 {"event_id", event.event_id},
                 {"entity_type", event.entity_type},
                 {"entity_id", event.entity_id},
                 {"event_timestamp", FormatIso8601(event.event_micros)},
                 {"variables", std::move(variables)},
                 {"label", nullptr},
                 {"label_timestamp", nullptr},
                 {"stored", FormatIso8601(event.stored_micros)}};
  if (event.label) out["label"] = *event.label;
  if (event.label_micros) out["label_timestamp"] = FormatIso8601(*event.label_micros);
  return out;
}

}  // namespace vigil::api
