// Errors as values. Every fallible function of Vigil returns Result<T>; no exception crosses a
// module boundary. Only api/ maps an ErrorCode to an HTTP status and body.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace vigil {

enum class ErrorCode {
  kInvalidArgument,    // the caller's input is wrong (HTTP 400)
  kNotFound,           // a named object does not exist (404)
  kAlreadyExists,      // create of an object that exists (409)
  kConflict,           // the object's state forbids it: editing an ACTIVE version, deleting in use (409)
  kPayloadTooLarge,    // a body or element above a limit (413)
  kUnauthenticated,    // no or unknown credentials (401)
  kPermissionDenied,   // credentials lack the permission (403)
  kResourceExhausted,  // rate or capacity limit (429)
  kUnavailable,        // the store cannot accept writes now: disk full, read-only, shutting down (503)
  kInternal,           // a bug or an unexpected library failure (500)
};

// What went wrong, where and why. `field` names the offending input (a JSON member, a YAML path,
// "expression" with line:col in the message) when there is one.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
};

template <typename T>
using Result = std::expected<T, Error>;

// Status is Result<void>: success or an Error.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message, std::string field = {}) {
  return std::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline std::unexpected<Error> Fail(Error error) {
  return std::unexpected<Error>(std::move(error));
}

const char* ErrorCodeName(ErrorCode code);  // "InvalidArgument", "NotFound", ...

}  // namespace vigil

// VIGIL_TRY(name, expr): evaluates a Result-returning expr; on error returns it from the enclosing
// function (which must return a Result or Status), else binds the value to `name`.
#define VIGIL_TRY(name, expr)                                           \
  auto name##_result_ = (expr);                                         \
  if (!name##_result_) return std::unexpected(name##_result_.error()); \
  auto name = std::move(*name##_result_)

// VIGIL_CHECK(expr): evaluates a Status-returning expr and returns its error, if any.
#define VIGIL_CHECK(expr)                                     \
  do {                                                        \
    if (auto status_ = (expr); !status_) {                    \
      return std::unexpected(std::move(status_.error()));     \
    }                                                         \
  } while (0)
