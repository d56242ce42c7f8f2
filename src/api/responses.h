// HTTP answers of the REST API: JSON bodies, and the one mapping from ErrorCode to HTTP status.
// Error bodies are {"error": {"code": "InvalidArgument", "message": "...", "field": "..."}}.
#pragma once

#include <boost/json.hpp>

#include "api/http/http_server.h"
#include "core/result.h"

namespace vigil::api {

unsigned HttpStatusOf(ErrorCode code);

// A JSON response matching the request's HTTP version and keep-alive.
http::Response JsonResponse(const http::Request& request, unsigned status,
                            const boost::json::value& body);
// A response whose body is already serialised JSON.
http::Response JsonTextResponse(const http::Request& request, unsigned status, std::string json);
http::Response TextResponse(const http::Request& request, unsigned status, std::string body,
                            const char* content_type);
http::Response ErrorResponse(const http::Request& request, const Error& error);
http::Response EmptyResponse(const http::Request& request, unsigned status);
// 429 for a caller over its rate limit: the error shape above with code "ThrottlingException"
// (AFD's name for it, which AWS SDKs retry with back-off) and a Retry-After header.
http::Response ThrottledResponse(const http::Request& request, std::string message,
                                 int64_t retry_after_seconds);

}  // namespace vigil::api
