#include "api/event_request.h"

#include "api/event_body.h"
#include "core/json.h"
#include "core/names.h"

namespace vigil::api {

namespace bj = boost::json;

namespace {

Result<std::string> LabelMember(const bj::value& v) {
  VIGIL_TRY(label, TextMember(v, "label"));
  VIGIL_CHECK(ValidateIdentifier(label, "label"));
  return label;
}

}  // namespace

Result<SendEventRequest> DecodeSendEventBody(std::string_view body) {
  std::optional<std::string> label;
  std::optional<int64_t> label_micros;
  auto reserved = [&](std::string_view key, const bj::value& v) -> Result<bool> {
    if (key == "label") {
      VIGIL_TRY(text, LabelMember(v));
      label = std::move(text);
      return true;
    }
    if (key == "label_timestamp") {
      VIGIL_TRY(micros, TimestampMember(v, "label_timestamp"));
      label_micros = micros;
      return true;
    }
    return false;
  };
  VIGIL_TRY(event, DecodeEventBody(body, reserved));
  if (!event.event_micros) {
    return Fail(ErrorCode::kInvalidArgument,
                "event_timestamp is required: a stored event keeps when it happened",
                "event_timestamp");
  }
  if (label && !label_micros) {
    return Fail(ErrorCode::kInvalidArgument,
                "label_timestamp is required with a label: when was the event known to be '" +
                    *label + "'?",
                "label_timestamp");
  }
  if (label_micros && !label) {
    return Fail(ErrorCode::kInvalidArgument, "label_timestamp is given without a label",
                "label_timestamp");
  }
  SendEventRequest request{std::move(event), std::nullopt};
  if (label) request.label = EventLabel{std::move(*label), *label_micros};
  return request;
}

Result<EventLabel> DecodeLabelBody(std::string_view body) {
  VIGIL_TRY(json, json::Parse(body));
  json::ObjectReader reader(json, "");
  VIGIL_CHECK(reader.Check());
  const bj::value* label = reader.Member("label");
  const bj::value* label_timestamp = reader.Member("label_timestamp");
  VIGIL_CHECK(reader.Finish());
  if (label == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "label is required", "label");
  }
  if (label_timestamp == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "label_timestamp is required", "label_timestamp");
  }
  VIGIL_TRY(text, LabelMember(*label));
  VIGIL_TRY(micros, TimestampMember(*label_timestamp, "label_timestamp"));
  return EventLabel{std::move(text), micros};
}

}  // namespace vigil::api
