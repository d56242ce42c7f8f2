#include "api/responses.h"

#include "core/json.h"

namespace vigil::api {

namespace beast_http = boost::beast::http;

unsigned HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

http::Response TextResponse(const http::Request& request, unsigned status, std::string body,
                            const char* content_type) {
  http::Response response{static_cast<beast_http::status>(status), request.version()};
  response.set(beast_http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

http::Response JsonResponse(const http::Request& request, unsigned status,
                            const boost::json::value& body) {
  return JsonTextResponse(request, status, json::Serialize(body));
}

http::Response JsonTextResponse(const http::Request& request, unsigned status, std::string json) {
  return TextResponse(request, status, std::move(json), "application/json");
}

http::Response ErrorResponse(const http::Request& request, const Error& error) {
  boost::json::object detail{{"code", ErrorCodeName(error.code)}, {"message", error.message}};
  if (!error.field.empty()) detail["field"] = error.field;
  return JsonResponse(request, HttpStatusOf(error.code), boost::json::object{{"error", detail}});
}

http::Response ThrottledResponse(const http::Request& request, std::string message,
                                 int64_t retry_after_seconds) {
  boost::json::object detail{{"code", "ThrottlingException"}, {"message", std::move(message)}};
  http::Response response =
      JsonResponse(request, 429, boost::json::object{{"error", std::move(detail)}});
  response.set(beast_http::field::retry_after, std::to_string(retry_after_seconds));
  return response;
}

http::Response EmptyResponse(const http::Request& request, unsigned status) {
  http::Response response{static_cast<beast_http::status>(status), request.version()};
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

}  // namespace vigil::api
