// The embedded store: SQLite in WAL mode, in one file <directory>/vigil.db that the sqlite3 shell
// can query (tables in store/sqlite/schema.h).
//
// Writes go through one writer thread that group-commits them (store/sqlite/writer.h): decision
// records asynchronously, catalog transactions and stored events synchronously, all in the same
// queue, so they never fight over SQLite's write lock. Reads use a pool of read-only connections
// (StoreOptions::read_connections) and run concurrently with the writer.
//
// Opening creates the directory and the database, applies schema migrations, and locks the
// directory against a second process. It fails with a clear error when the directory is not
// writable, is in use, or holds a database of a newer Vigil.
#pragma once

#include <memory>

#include "core/result.h"
#include "store/options.h"
#include "store/store.h"

namespace vigil::store {

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

}  // namespace vigil::store
