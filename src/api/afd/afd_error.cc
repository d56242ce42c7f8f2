#include "api/afd/afd_error.h"

namespace vigil::api::afd {

AfdError FromError(const Error& error) {
  const char* type = "InternalServerException";
  unsigned status = 400;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kPayloadTooLarge:
      type = "ValidationException";
      break;
    case ErrorCode::kNotFound:
      type = "ResourceNotFoundException";
      break;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
      type = "ConflictException";
      break;
    case ErrorCode::kResourceExhausted:
      type = "ThrottlingException";
      break;
    case ErrorCode::kPermissionDenied:
      type = "AccessDeniedException";
      break;
    case ErrorCode::kUnauthenticated:
      type = "UnrecognizedClientException";
      break;
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
      status = 500;
      break;
  }
  // Vigil's messages usually name their field already; add it when they do not.
  std::string message = error.message;
  if (!error.field.empty() && message.find(error.field) == std::string::npos) {
    message = error.field + ": " + message;
  }
  return AfdError{type, std::move(message), status};
}

AfdError ValidationError(std::string message) {
  return AfdError{"ValidationException", std::move(message), 400};
}

AfdError SerializationError(std::string message) {
  return AfdError{"SerializationException", std::move(message), 400};
}

AfdError UnknownOperation(std::string message) {
  return AfdError{"UnknownOperationException", std::move(message), 400};
}

AfdError UnsupportedOperation(std::string message) {
  return AfdError{"UnsupportedOperationException", std::move(message), 400};
}

}  // namespace vigil::api::afd
