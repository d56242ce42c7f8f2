// The catalog as a set of stored objects: each object has a kind and an id, and its JSON form
// (codec.h). Used to load a Catalog from the store and to turn an edit into the list of objects
// that changed, so that every edit is persisted as exactly what it changed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace vigil::catalog {

// Kinds, as stored: "entity_type", "label", "outcome", "variable", "event_type", "list",
// "detector", "rule_version" (id "detector/rule/version"), "detector_version" (id
// "detector/version"), "model", "model_version" (id "model/1.0").
struct ObjectChange {
  std::string kind;
  std::string id;
  std::optional<std::string> json;  // nullopt: the object was deleted
};

struct StoredObject {
  std::string kind;
  std::string id;
  std::string json;
};

// Builds a catalog from stored objects. Unknown kinds are skipped (they belong to other parts,
// such as API keys); a malformed object is an error naming its kind and id.
Result<Catalog> CatalogFromObjects(const std::vector<StoredObject>& objects);

// The objects that differ between two catalogs: added or changed ones with their JSON, removed
// ones with nullopt. Deterministic order.
std::vector<ObjectChange> Diff(const Catalog& before, const Catalog& after);

}  // namespace vigil::catalog
