// Decodes the bodies of the stored-event routes (docs/api.md, "Stored events"):
//   POST /events/{event_type}: the flat event body of /detect (api/event_body.h) with
//     event_timestamp required, plus optional "label" and "label_timestamp" (required with a
//     label, as AFD's SendEvent);
//   PUT /events/{event_type}/{event_id}/label: {"label": "fraud", "label_timestamp": "..."}.
// Only the shape is checked here; whether the fields and the label fit the event type is the
// route's business (engine::BindEvent, the event type's labels).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/decision.h"

namespace vigil::api {

struct EventLabel {
  std::string label;  // ^[0-9a-z_-]+$, 1..64
  int64_t label_micros = 0;
};

struct SendEventRequest {
  engine::EventInput event;  // event_micros always set; no detector members
  std::optional<EventLabel> label;
};

// InvalidArgument naming the field, as DecodeEventBody, and for a missing event_timestamp, a
// malformed label, a label without label_timestamp or a label_timestamp without a label.
// detector_id and detector_version are not reserved here: they are refused as unknown fields.
Result<SendEventRequest> DecodeSendEventBody(std::string_view body);

// InvalidArgument naming the field: malformed JSON, not an object, label or label_timestamp
// missing or malformed, any other member.
Result<EventLabel> DecodeLabelBody(std::string_view body);

}  // namespace vigil::api
