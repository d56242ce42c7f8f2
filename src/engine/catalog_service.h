// CatalogService: the one way the catalog changes while the engine serves. An edit runs on a copy
// of the current catalog; if it succeeds and the whole result compiles (Snapshot::Build), exactly
// the objects that changed are persisted, then the new snapshot is published. Nothing is
// persisted or published when any step fails, so a bad edit changes nothing. Edits are
// serialised; decisions never wait for them.
//
// An edit that adds or changes an aggregate variable gives it empty windows (engine/aggregates.h).
// The filler, when set, fills them from the stored events before the snapshot is published (so
// no decision reads them empty) and once more after (to catch up with what was decided
// meanwhile; events seen twice count once).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/objects.h"
#include "core/clock.h"
#include "engine/registry.h"

namespace vigil::engine {

// Where catalog changes are made durable (the store, in production).
class CatalogPersistence {
 public:
  virtual ~CatalogPersistence() = default;
  // Applies all changes atomically and durably, or none.
  virtual Status Persist(const std::vector<catalog::ObjectChange>& changes) = 0;
};

class CatalogService {
 public:
  // `registry`, `persistence` and `clock` must outlive the service.
  CatalogService(Registry& registry, CatalogPersistence& persistence, const Clock& clock)
      : registry_(registry), persistence_(persistence), clock_(clock) {}

  using EditFn = std::function<Status(catalog::Catalog& catalog, int64_t now_micros)>;
  // Rebuilds the aggregates of `event_types` in `snapshot` from the stored events.
  using AggregateFiller =
      std::function<Status(const Snapshot& snapshot, const std::vector<std::string>& event_types)>;

  // Not thread-safe: set before the first Edit.
  void SetAggregateFiller(AggregateFiller filler) { filler_ = std::move(filler); }

  // Thread-safe. Returns the edit's error, a compile error of the result, or a store error.
  Status Edit(const EditFn& edit);

  SnapshotPtr Current() const { return registry_.Current(); }

 private:
  Registry& registry_;
  CatalogPersistence& persistence_;
  const Clock& clock_;
  AggregateFiller filler_;
  std::mutex mutex_;
};

}  // namespace vigil::engine
