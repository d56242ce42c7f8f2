// AWS JSON 1.1, as AFD speaks it: which requests are AFD's, which operation they call, and the
// answers' shape. A request is AFD's when it is `POST /` with an `X-Amz-Target` header;
// `X-Amz-Target: AWSHawksNestServiceFacade.<Operation>` names the operation. Every answer carries
// `Content-Type: application/x-amz-json-1.1` and `x-amzn-RequestId`; errors are
// {"__type": "...", "message": "..."} (afd_error.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/afd/afd_error.h"
#include "api/http/http_server.h"

namespace vigil::api::afd {

inline constexpr const char* kContentType = "application/x-amz-json-1.1";

// True for `POST /` carrying an X-Amz-Target header: the router sends it to the AFD API.
bool IsAfdRequest(const http::Request& request);

// The operation named by X-Amz-Target: what follows "<prefix>.", or nullopt when the header does
// not start with the service's prefix.
std::optional<std::string_view> TargetOperation(const http::Request& request,
                                                std::string_view target_prefix);

// Content-Type must be AWS JSON (application/x-amz-json-1.0 or -1.1) or application/json;
// a missing one is accepted. Otherwise a SerializationException naming it.
std::optional<AfdError> CheckContentType(const http::Request& request);

// A new request id: a random UUID (version 4), lower-case, as AWS writes x-amzn-RequestId.
std::string NewRequestId();

// 200 with `json` (already serialised) as the body.
http::Response AfdSuccess(const http::Request& request, const std::string& request_id,
                          std::string json);
http::Response AfdFailure(const http::Request& request, const std::string& request_id,
                          const AfdError& error);

}  // namespace vigil::api::afd
