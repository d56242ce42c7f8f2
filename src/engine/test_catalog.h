// Test helper: the example detector (examples/transaction_detector.yaml) as a catalog.
#pragma once

#include <fstream>
#include <sstream>

#include "catalog/detector_document.h"
#include "core/yaml.h"

namespace vigil::engine::testing {

inline catalog::Catalog ExampleCatalog() {
  std::ifstream in(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  std::stringstream text;
  text << in.rdbuf();
  catalog::Catalog c;
  auto doc = catalog::DocumentFromJson(*YamlToJson(text.str()));
  if (doc) (void)catalog::Apply(c, *doc, 1'000'000);
  return c;
}

}  // namespace vigil::engine::testing
