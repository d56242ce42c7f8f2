// Replies shared by the REST handlers (the admin API, the stored-event routes).
#pragma once

#include "api/call.h"

namespace vigil::api {

void NotFoundPath(const CallPtr& call);      // 404 naming the path
void MethodNotAllowed(const CallPtr& call);  // 405 naming method and path

}  // namespace vigil::api
