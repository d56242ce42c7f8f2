#include "example_detector.h"

#include <fstream>
#include <sstream>

#include "api/detect_request.h"
#include "catalog/detector_document.h"
#include "core/yaml.h"

namespace vigil::bench {

engine::SnapshotPtr ExampleSnapshot() {
  std::ifstream in(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto catalog = std::make_shared<catalog::Catalog>();
  auto doc = catalog::DocumentFromJson(*YamlToJson(text.str()));
  (void)catalog::Apply(*catalog, *doc, 1);
  return *engine::Snapshot::Build(catalog);
}

engine::EventInput SeedInput() {
  engine::EventInput input = *api::DecodeDetectBody(kSeedBody);
  input.detector_id = "transaction_detector";
  return input;
}

}  // namespace vigil::bench
