#include "cli/store_persistence.h"

#include "core/json.h"

namespace vigil::cli {

Status StorePersistence::Persist(const std::vector<catalog::ObjectChange>& changes) {
  std::vector<store::CatalogChange> out;
  out.reserve(changes.size());
  for (const auto& c : changes) out.push_back(store::CatalogChange{c.kind, c.id, c.json});
  return store_.ApplyCatalog(out);
}

Result<catalog::Catalog> LoadCatalog(store::Store& store) {
  VIGIL_TRY(objects, store.LoadCatalog());
  std::vector<catalog::StoredObject> stored;
  stored.reserve(objects.size());
  for (auto& o : objects) stored.push_back({std::move(o.kind), std::move(o.id), std::move(o.json)});
  return catalog::CatalogFromObjects(stored);
}

Result<std::vector<api::ApiKey>> LoadApiKeys(store::Store& store) {
  VIGIL_TRY(objects, store.LoadCatalog());
  std::vector<api::ApiKey> keys;
  for (const auto& o : objects) {
    if (o.kind != kApiKeyKind) continue;
    VIGIL_TRY(json, json::Parse(o.json));
    VIGIL_TRY(key, api::ApiKeyFromJson(json));
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace vigil::cli
