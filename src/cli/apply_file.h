// Applying a detector file (YAML or JSON, docs/detector-files.md) through a CatalogService, as
// `vigil serve --apply` and `vigil import --apply` do; logs what changed.
#pragma once

#include <string>

#include "core/result.h"
#include "engine/catalog_service.h"

namespace vigil::cli {

// kInvalidArgument when the file cannot be read or parsed; the edit's error when it does not
// apply (nothing changes then).
Status ApplyFile(engine::CatalogService& service, const std::string& path);

}  // namespace vigil::cli
