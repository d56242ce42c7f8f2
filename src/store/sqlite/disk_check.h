// What the writer (store/sqlite/writer.h) asks about the disk once a commit has failed: a
// description of the file system for the log line, and a probe write that tells when the store
// can take writes again without waiting for a client's write.
//
// Thread-safety: DescribeFileSystem may run on any thread; ProbeWrite uses `db` and must run on
// the thread that owns it, outside a transaction.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace vigil::store::sqlite {

// The file system holding `database` (a path): "free_bytes", "read_only" and, when the cause is
// plain, "cause" ("the file system is read-only (EROFS)", "no space left on the file system
// (ENOSPC)", or why no file can be created beside the database). SQLite's own error does not
// tell these apart: a write to a file system the kernel turned read-only is "disk I/O error",
// and SQLITE_FULL may be a quota (StoreOptions::max_database_bytes) rather than the disk.
boost::json::object DescribeFileSystem(const std::string& database);

// Commits a transaction that changes nothing but writes one page to the WAL (the database header,
// its user_version set to its own value), once the file system and the database's page quota
// both have room for `room_pages` more pages: a disk with room for a page or two left over by a
// failed batch is still full for the next batch. Fails with kUnavailable and the reason when
// there is no room or the commit fails. The caller makes the commit durable (fdatasync).
Status ProbeWrite(Connection& db, int64_t room_pages);

}  // namespace vigil::store::sqlite
