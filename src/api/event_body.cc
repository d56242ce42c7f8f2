#include "api/event_body.h"

#include "core/json.h"
#include "core/names.h"
#include "core/time_format.h"

namespace vigil::api {

namespace bj = boost::json;

Result<std::string> TextMember(const bj::value& v, std::string_view field) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64() || v.is_uint64()) return bj::serialize(v);
  return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a string",
              std::string(field));
}

Result<int64_t> TimestampMember(const bj::value& v, std::string_view field) {
  const std::string name(field);
  if (!v.is_string()) {
    return Fail(ErrorCode::kInvalidArgument, name + " must be an ISO-8601 string", name);
  }
  auto micros = ParseIso8601(v.get_string());
  if (!micros) return Fail(ErrorCode::kInvalidArgument, name + ": " + micros.error().message, name);
  return *micros;
}

Result<engine::EventInput> DecodeEventBody(std::string_view body, const ReservedMember& reserved) {
  VIGIL_TRY(json, json::Parse(body));
  if (!json.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object", "body");
  }
  engine::EventInput in;
  bool has_event_id = false;
  for (const auto& member : json.get_object()) {
    const std::string_view key = member.key();
    const bj::value& v = member.value();
    if (key == "event_id") {
      VIGIL_TRY(id, TextMember(v, "event_id"));
      VIGIL_CHECK(ValidateEventId(id, "event_id"));
      in.event_id = std::move(id);
      has_event_id = true;
      continue;
    }
    if (key == "event_timestamp") {
      VIGIL_TRY(micros, TimestampMember(v, "event_timestamp"));
      in.event_micros = micros;
      continue;
    }
    if (key.empty()) {
      // Every other member is a field named by its key; an error about it must name something.
      return Fail(ErrorCode::kInvalidArgument, "a member of the body has an empty name", "body");
    }
    VIGIL_TRY(taken, reserved(key, v));
    if (taken) continue;
    VIGIL_TRY(value, json::ToValue(v, key));
    in.fields.emplace_back(std::string(key), std::move(value));
  }
  if (!has_event_id) {
    return Fail(ErrorCode::kInvalidArgument, "event_id is required", "event_id");
  }
  return in;
}

}  // namespace vigil::api
