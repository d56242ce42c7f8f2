#include "api/detect_request.h"

#include "core/json.h"
#include "core/names.h"
#include "core/time_format.h"

namespace vigil::api {

namespace bj = boost::json;

namespace {

Result<std::string> Text(const bj::value& v, const char* field) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64() || v.is_uint64()) return bj::serialize(v);
  return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a string", field);
}

}  // namespace

Result<engine::EventInput> DecodeDetectBody(std::string_view body) {
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
      VIGIL_TRY(id, Text(v, "event_id"));
      VIGIL_CHECK(ValidateEventId(id, "event_id"));
      in.event_id = std::move(id);
      has_event_id = true;
    } else if (key == "event_timestamp") {
      if (!v.is_string()) {
        return Fail(ErrorCode::kInvalidArgument, "event_timestamp must be an ISO-8601 string",
                    "event_timestamp");
      }
      auto micros = ParseIso8601(v.get_string());
      if (!micros) {
        return Fail(ErrorCode::kInvalidArgument, "event_timestamp: " + micros.error().message,
                    "event_timestamp");
      }
      in.event_micros = *micros;
    } else if (key == "detector_id") {
      VIGIL_TRY(id, Text(v, "detector_id"));
      VIGIL_CHECK(ValidateIdentifier(id, "detector_id"));
      in.detector_id = std::move(id);
    } else if (key == "detector_version") {
      VIGIL_TRY(text, Text(v, "detector_version"));
      auto number = CoerceText(text, DataType::kInteger);
      if (!number || number->integer() < 1 || number->integer() > 99999) {
        return Fail(ErrorCode::kInvalidArgument,
                    "detector_version must be a whole number from 1 to 99999", "detector_version");
      }
      in.detector_version = static_cast<int>(number->integer());
    } else if (key.empty()) {
      // Every other member is a field named by its key; an error about it must name something.
      return Fail(ErrorCode::kInvalidArgument, "a member of the body has an empty name", "body");
    } else {
      VIGIL_TRY(value, json::ToValue(v, key));
      in.fields.emplace_back(std::string(key), std::move(value));
    }
  }
  if (!has_event_id) {
    return Fail(ErrorCode::kInvalidArgument, "event_id is required", "event_id");
  }
  return in;
}

}  // namespace vigil::api
