// ValidateInput: checks a request body against its operation's input shape exactly as AFD's
// service model says — required members, string lengths (UTF-16 code units), patterns (whole
// string, RE2), enum values, numeric ranges, list and map sizes — at every depth.
//
// Every constraint violation is reported, in AWS's words: "2 validation errors detected: Value
// 'Bad' at 'eventTypeName' failed to satisfy constraint: Member must satisfy regular expression
// pattern: ^[0-9a-z_-]+$; Value null at 'eventId' failed to satisfy constraint: Member must not
// be null" (a ValidationException). Paths name members as AWS does: "entities.1.member.entityId"
// for the first entity's id (1-based), "eventVariables.amount" for a map's value. Values of
// sensitive shapes are not repeated. A member of the wrong JSON type (a number where the model
// has a string) is a SerializationException, as AWS answers a body it cannot read.
// Members the model does not know are ignored, as AWS's JSON protocol does; a JSON null is taken
// as absent.
//
// Pure; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <optional>

#include "api/afd/afd_error.h"
#include "api/afd/service_model.h"

namespace vigil::api::afd {

// `input` may be null (an operation without input): then any object is accepted.
std::optional<AfdError> ValidateInput(const Shape* input, const boost::json::value& body);

}  // namespace vigil::api::afd
