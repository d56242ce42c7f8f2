// Test helper: an example detector file (examples/, the seed's transaction_detector.yaml unless
// named) applied to an empty catalog. Needs VIGIL_EXAMPLES_DIR defined by the test's target.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "catalog/detector_document.h"
#include "core/yaml.h"

namespace vigil::engine::testing {

inline catalog::Catalog ExampleCatalog(const std::string& file = "transaction_detector.yaml") {
  std::ifstream in(std::string(VIGIL_EXAMPLES_DIR) + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  catalog::Catalog c;
  auto doc = catalog::DocumentFromJson(*YamlToJson(text.str()));
  if (doc) (void)catalog::Apply(c, *doc, 1'000'000);
  return c;
}

}  // namespace vigil::engine::testing
