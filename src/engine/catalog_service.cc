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
  const std::vector<std::string> stale = snapshot->EventTypesNeedingRebuild();
  if (filler_ && !stale.empty()) VIGIL_CHECK(filler_(*snapshot, stale));
  VIGIL_CHECK(persistence_.Persist(changes));
  registry_.Publish(snapshot);
  // The windows hold every event stored before the first fill; this adds what was decided on the
  // old snapshot since. A failure leaves them short of those events only, and is the filler's to
  // report: the edit itself is done.
  if (filler_ && !stale.empty()) (void)filler_(*snapshot, stale);
  return {};
}

}  // namespace vigil::engine
