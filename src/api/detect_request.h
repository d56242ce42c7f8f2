// Decodes the seed's flat /detect body (api/event_body.h) into an EventInput:
//   {"event_id": "abc123", "event_timestamp": "2025-07-15T12:34:56Z", "detector_id": "...",
//    "detector_version": "2", "account_id": "user_789", "transaction_amount": 1000, ...}
// event_id is required; event_timestamp, detector_id and detector_version are optional; every
// other member is a field the engine checks against the event type (entity ids and variables).
#pragma once

#include <string_view>

#include "core/result.h"
#include "engine/decision.h"

namespace vigil::api {

// Errors are InvalidArgument naming the field: malformed JSON, not an object, a missing or
// malformed event_id, a bad timestamp or version, a nested value, a number beyond a double's
// range, a member with an empty name.
Result<engine::EventInput> DecodeDetectBody(std::string_view body);

}  // namespace vigil::api
