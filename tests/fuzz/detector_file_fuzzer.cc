// Fuzz target: a detector file (YAML or JSON), as `vigil serve --apply`, `vigil apply` and
// PUT /admin/detector-files take it: YamlToJson (core/yaml.h) -> DocumentFromJson -> Apply on a
// fresh catalog (catalog/detector_document.h) -> a whole snapshot compile (engine/snapshot.h),
// the check CatalogService makes before it persists or publishes anything.
//
// Invariants checked beyond "no crash, no leak, no undefined behaviour":
// - every refusal has a message, and is InvalidArgument where the input does not decode;
// - a document that applies and compiles applies again with no change (Apply is idempotent);
// - the catalog survives the store's object form (Diff -> CatalogFromObjects), as on a restart;
// - the detector exports, and the export, written as YAML and read back, applies to a fresh
//   catalog that exports the same document again.
#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "catalog/detector_document.h"
#include "catalog/objects.h"
#include "core/yaml.h"
#include "engine/snapshot.h"
#include "fuzz_check.h"

namespace vigil {
namespace {

namespace bj = boost::json;

// The decoders refuse with InvalidArgument; Apply and the compile may also say NotFound (a rule
// or object the file names does not exist) or Conflict (a change the catalog forbids). Internal
// would be a bug.
void CheckRefusal(const Error& e, const char* step, bool decoding) {
  FUZZ_CHECK(decoding ? e.code == ErrorCode::kInvalidArgument : e.code != ErrorCode::kInternal,
             std::string(step) + " refuses with " + ErrorCodeName(e.code) + ": " + e.message);
  FUZZ_CHECK(!e.message.empty(), std::string(step) + " refuses with a message");
}

// The catalog as the store keeps it, loaded back.
catalog::Catalog ThroughStoredObjects(const catalog::Catalog& c) {
  std::vector<catalog::StoredObject> objects;
  for (const auto& change : catalog::Diff(catalog::Catalog{}, c)) {
    FUZZ_CHECK(change.json.has_value(), "a new catalog's diff only adds objects");
    objects.push_back({change.kind, change.id, *change.json});
  }
  auto loaded = catalog::CatalogFromObjects(objects);
  FUZZ_CHECK(loaded, "a catalog's stored objects load: " +
                         (loaded ? std::string() : loaded.error().message));
  return std::move(*loaded);
}

// Export -> YAML -> a fresh catalog -> export again.
void CheckExportRoundTrip(const catalog::Catalog& c, const std::string& detector_id) {
  auto exported = catalog::Export(c, detector_id);
  FUZZ_CHECK(exported, "an applied detector exports: " +
                           (exported ? std::string() : exported.error().message));
  const std::string yaml = JsonToYaml(*exported);
  auto json = YamlToJson(yaml);
  FUZZ_CHECK(json, "an export reads back as YAML: " + yaml);
  FUZZ_CHECK(*json == bj::value(*exported), "an export's YAML reads back unchanged: " + yaml);
  auto doc = catalog::DocumentFromJson(*json);
  FUZZ_CHECK(doc, "an export decodes as a document: " +
                      (doc ? std::string() : doc.error().message) + "\n" + yaml);
  catalog::Catalog fresh;
  auto applied = catalog::Apply(fresh, *doc, 1);
  FUZZ_CHECK(applied, "an export applies to a fresh catalog: " +
                          (applied ? std::string() : applied.error().message) + "\n" + yaml);
  auto again = catalog::Export(fresh, detector_id);
  FUZZ_CHECK(again && *again == *exported,
             "an export, applied to a fresh catalog, exports the same document:\n" + yaml);
}

}  // namespace
}  // namespace vigil

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigil;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = YamlToJson(text);
  if (!json) return CheckRefusal(json.error(), "YamlToJson", true), 0;
  auto doc = catalog::DocumentFromJson(*json);
  if (!doc) return CheckRefusal(doc.error(), "DocumentFromJson", true), 0;

  catalog::Catalog c;
  auto report = catalog::Apply(c, *doc, 1);
  if (!report) return CheckRefusal(report.error(), "Apply", false), 0;
  auto snapshot = engine::Snapshot::Build(std::make_shared<catalog::Catalog>(c));
  if (!snapshot) return CheckRefusal(snapshot.error(), "Snapshot::Build", false), 0;

  const catalog::Catalog applied = c;
  auto again = catalog::Apply(c, *doc, 2);
  FUZZ_CHECK(again, "a document that applied applies again: " +
                        (again ? std::string() : again.error().message));
  FUZZ_CHECK(again->changes.empty() && catalog::Diff(applied, c).empty(),
             "applying a document twice changes nothing the second time");

  FUZZ_CHECK(catalog::Diff(applied, ThroughStoredObjects(applied)).empty(),
             "a catalog loads back from its stored objects unchanged");
  CheckExportRoundTrip(applied, doc->detector.detector_id);
  return 0;
}
