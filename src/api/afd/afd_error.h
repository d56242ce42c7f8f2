// AfdError: an error as AFD's JSON protocol answers it, {"__type": "<type>", "message": "..."},
// with AFD's HTTP status: 400 for every client error (ResourceNotFound and Throttling included,
// as AFD does), 500 for InternalServerException. AWS SDKs read the error code from __type and
// retry ThrottlingException and 5xx answers.
#pragma once

#include <string>

#include "core/result.h"

namespace vigil::api::afd {

struct AfdError {
  std::string type;  // "ValidationException", "ResourceNotFoundException", ...
  std::string message;
  unsigned status = 400;
};

// Vigil's error codes in AFD's terms: InvalidArgument and PayloadTooLarge → ValidationException,
// NotFound → ResourceNotFoundException, AlreadyExists and Conflict → ConflictException,
// ResourceExhausted → ThrottlingException, PermissionDenied → AccessDeniedException,
// Unauthenticated → UnrecognizedClientException, Unavailable and Internal →
// InternalServerException (500). The message keeps the field it names ("detectorId: ...").
AfdError FromError(const Error& error);

AfdError ValidationError(std::string message);
// A body that is not JSON, or a member of the wrong JSON type (AWS's SerializationException).
AfdError SerializationError(std::string message);
// X-Amz-Target names no operation of the service (AWS's UnknownOperationException).
AfdError UnknownOperation(std::string message);
// An operation of the service model that Vigil does not implement.
AfdError UnsupportedOperation(std::string message);

}  // namespace vigil::api::afd
