// `vigil serve`: opens the store, loads and compiles the catalog, applies detector files, and
// serves the API until SIGTERM or SIGINT, then stops gracefully: stop accepting, let in-flight
// requests finish, flush the store, exit 0.
#pragma once

#include "cli/serve_config.h"

namespace vigil::cli {

int RunServe(const ServeConfig& config);

}  // namespace vigil::cli
