#include "engine/catalog_service.h"

namespace vigil::engine {

Status CatalogService::Edit(const EditFn& edit) {
  std::lock_guard lock(mutex_);
  SnapshotPtr current = registry_.Current();
  auto next = std::make_shared<catalog::Catalog>(current->catalog());
  VIGIL_CHECK(edit(*next, clock_.NowMicros()));
  auto changes = catalog::Diff(current->catalog(), *next);
  if (changes.empty()) return {};
  VIGIL_TRY(snapshot, Snapshot::Build(std::move(next), registry_.Current().get()));
  VIGIL_CHECK(persistence_.Persist(changes));
  registry_.Publish(std::move(snapshot));
  return {};
}

}  // namespace vigil::engine
