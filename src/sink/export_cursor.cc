#include "sink/export_cursor.h"

#include "core/json.h"

namespace vigil::sink {

Result<int64_t> LoadExportCursor(store::Store& store, const std::string& name) {
  VIGIL_TRY(objects, store.LoadCatalog());
  for (const auto& object : objects) {
    if (object.kind != kExportCursorKind || object.id != name) continue;
    auto parsed = json::Parse(object.json);
    const auto* seq = parsed && parsed->is_object() ? parsed->get_object().if_contains("seq")
                                                    : nullptr;
    if (seq == nullptr || !seq->is_int64() || seq->get_int64() < 0) {
      return Fail(ErrorCode::kInternal,
                  "the stored export cursor '" + name + "' is malformed: " + object.json);
    }
    return seq->get_int64();
  }
  return int64_t{0};
}

Status SaveExportCursor(store::Store& store, const std::string& name, int64_t seq) {
  return store.ApplyCatalog(
      {store::CatalogChange{kExportCursorKind, name, "{\"seq\":" + std::to_string(seq) + "}"}});
}

}  // namespace vigil::sink
