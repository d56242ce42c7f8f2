// The flat event body shared by POST /detect and POST /events/{event_type}, as the seed sends it:
//   {"event_id": "abc123", "event_timestamp": "2025-07-15T12:34:56Z", "account_id": "user_789",
//    "transaction_amount": 1000, ...}
// event_id is required, event_timestamp optional; the route may reserve a few more member names
// (detector_id, label, ...); every other member is a field that engine::BindEvent checks against
// the event type (entity ids and variables). One decoder, so that both routes read a body alike.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/decision.h"

namespace vigil::api {

// Offered every member that is not event_id or event_timestamp, before it becomes a field.
// Returns true when it took the member, false to leave it a field, or an error naming it.
using ReservedMember =
    std::function<Result<bool>(std::string_view key, const boost::json::value& value)>;

// Errors are InvalidArgument naming the field: malformed JSON, not an object, a missing or
// malformed event_id, a bad event_timestamp, a nested value, a number beyond a double's range,
// a member with an empty name, or what `reserved` refuses. The result's detector members are
// left empty.
Result<engine::EventInput> DecodeEventBody(std::string_view body, const ReservedMember& reserved);

// A member that must be a string; a whole number is taken as its digits.
Result<std::string> TextMember(const boost::json::value& v, std::string_view field);
// A member that must be an ISO-8601 UTC timestamp string; returns microseconds since the epoch.
Result<int64_t> TimestampMember(const boost::json::value& v, std::string_view field);

}  // namespace vigil::api
