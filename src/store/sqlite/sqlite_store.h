// The embedded store: SQLite in WAL mode, in one file <directory>/vigil.db that the sqlite3 shell
// can query (tables in store/sqlite/schema.h).
//
// Writes go through one writer thread that group-commits them (store/sqlite/writer.h): decision
// records asynchronously, catalog transactions and stored events synchronously, all in the same
// queue, so they never fight over SQLite's write lock. Reads use a pool of read-only connections
// (StoreOptions::read_connections) and run concurrently with the writer. A checkpointer thread
// copies the WAL back into the database beside the writer (store/sqlite/checkpointer.h).
//
// Throughput is bounded by the disk: each record is written twice (WAL, then checkpoint), and
// every insert touches a page of the event_id index. Event ids that grow with time (ULIDs,
// UUIDv7, counters) touch the same few index pages; random ones (UUIDv4) touch a different page
// per record once the table is large, which costs a WAL page write per record.
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
