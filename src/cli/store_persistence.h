// Bridges the engine's CatalogPersistence to a Store: catalog changes become one store
// transaction. Also loads the catalog and the API keys the store holds.
#pragma once

#include "api/api_keys.h"
#include "catalog/catalog.h"
#include "engine/catalog_service.h"
#include "store/store.h"

namespace vigil::cli {

class StorePersistence : public engine::CatalogPersistence {
 public:
  explicit StorePersistence(store::Store& store) : store_(store) {}
  Status Persist(const std::vector<catalog::ObjectChange>& changes) override;

 private:
  store::Store& store_;
};

Result<catalog::Catalog> LoadCatalog(store::Store& store);
Result<std::vector<api::ApiKey>> LoadApiKeys(store::Store& store);

inline constexpr const char* kApiKeyKind = "api_key";

}  // namespace vigil::cli
