// Replies shared by the admin API's handlers.
#pragma once

#include "api/call.h"

namespace vigil::api {

void NotFoundPath(const CallPtr& call);      // 404 naming the path
void MethodNotAllowed(const CallPtr& call);  // 405 naming method and path

}  // namespace vigil::api
