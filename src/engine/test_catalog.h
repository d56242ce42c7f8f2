// Test helper: an example detector file (examples/, the seed's transaction_detector.yaml unless
// named) applied to an empty catalog. Needs VIGIL_EXAMPLES_DIR defined by the test's target.
#pragma once

#include <string>

#include "catalog/detector_file.h"

namespace vigil::engine::testing {

inline catalog::Catalog ExampleCatalog(const std::string& file = "transaction_detector.yaml") {
  catalog::Catalog c;
  auto doc = catalog::ReadDetectorDocument(std::string(VIGIL_EXAMPLES_DIR) + "/" + file);
  if (doc) (void)catalog::Apply(c, *doc, 1'000'000);
  return c;
}

}  // namespace vigil::engine::testing
