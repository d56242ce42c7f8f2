// The `catalog` table: one row per catalog object (kind, id, json, updated).
//
// Thread-safety: as the Connection passed in (one thread at a time).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace vigil::store::sqlite {

// kInvalidArgument naming the first change with an empty kind or id. JSON validity is checked by
// the table itself when the change is written.
Status CheckCatalogChanges(const std::vector<CatalogChange>& changes);

// Writes `changes` in order, stamping puts with `now_micros`. Not atomic by itself: the caller
// runs it inside a transaction or savepoint and rolls back on error.
Status WriteCatalogChanges(Connection& connection, const std::vector<CatalogChange>& changes,
                           int64_t now_micros);

// Every object, ordered by kind then id.
Result<std::vector<CatalogObject>> SelectCatalog(Connection& connection);

}  // namespace vigil::store::sqlite
