// Who is calling AFD's JSON API: the request's SigV4 signature (sigv4.h) verified with the
// secret of the access key it names, looked up in the server's keys (api_keys.h), and the
// operation checked against that key's permissions (operation_permissions.h).
//
// Refusals, all AFD-shaped with HTTP 400 as AFD answers client errors:
//   no Authorization header           MissingAuthenticationTokenException
//   a malformed one                   IncompleteSignatureException
//   an access key id no key has       UnrecognizedClientException
//   a wrong signature, or a request
//   time over 15 minutes off          InvalidSignatureException
//   a key without the permission      AccessDeniedException, "User: <key name> is not
//                                     authorized to perform: frauddetector:<Operation>"
// A REST API key's text in x-api-key is not a credential here: AFD calls are signed.
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "api/afd/afd_error.h"
#include "api/api_keys.h"
#include "api/http/handler.h"

namespace vigil::api::afd {

// The key that signed `request`, allowed to call `operation`, at `now_micros` (the server's
// clock); otherwise the refusal. The key returned lives as long as `keys`. Pure: changes nothing.
std::expected<const ApiKey*, AfdError> AuthenticateAfd(const http::Request& request,
                                                       std::string_view operation,
                                                       const KeyRing& keys, int64_t now_micros);

}  // namespace vigil::api::afd
