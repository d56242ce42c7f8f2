// The few responses the server writes on its own (400, 413, 431, and 500 for a handler that never
// answered), in the API's error shape: {"error":{"code":"...","message":"..."}}.
#pragma once

#include <string_view>

#include "api/http/handler.h"

namespace vigil::http::detail {

// A JSON error response for HTTP/1.1 with "Connection: close" unless `keep_alive`.
Response MakeErrorResponse(unsigned status, std::string_view code, std::string_view message,
                           bool keep_alive = false);

}  // namespace vigil::http::detail
