// AFD's name patterns and limits, so that what is valid here is valid on AFD and back.
// Each check returns InvalidArgument naming `field`, the rule and the offending value.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vigil {

// ^[0-9a-z_-]+$, 1..64: detectors, rules, variables, event types, labels, outcomes, entity types.
Status ValidateIdentifier(std::string_view value, std::string_view field);
// ^[0-9a-z_]+$, 1..64: list names and model ids (no dash, so `$<model>_insightscore` parses).
Status ValidateStrictIdentifier(std::string_view value, std::string_view field);
// ^[0-9A-Za-z_.@+-]+$, 1..256: entity ids.
Status ValidateEntityId(std::string_view value, std::string_view field);
// ^[0-9A-Za-z_.:@+-]+$, 1..128: event ids of /detect (AFD SendEvent is stricter; its API checks that).
Status ValidateEventId(std::string_view value, std::string_view field);
// 1..128 characters when present.
Status ValidateDescription(std::string_view value, std::string_view field);

}  // namespace vigil
