#include "api/http/error_response.h"

#include <boost/json/value.hpp>

#include "core/json.h"

namespace vigil::http::detail {

Response MakeErrorResponse(unsigned status, std::string_view code, std::string_view message,
                           bool keep_alive) {
  namespace beast_http = boost::beast::http;
  boost::json::object detail;
  detail["code"] = code;
  detail["message"] = message;
  boost::json::object body;
  body["error"] = std::move(detail);

  Response response{static_cast<beast_http::status>(status), 11};
  response.set(beast_http::field::content_type, "application/json");
  response.keep_alive(keep_alive);
  response.body() = vigil::json::Serialize(body);
  response.content_length(response.body().size());
  return response;
}

}  // namespace vigil::http::detail
