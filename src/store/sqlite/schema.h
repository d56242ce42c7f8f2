// The SQLite schema and its migrations. The database's PRAGMA user_version is the number of the
// last migration applied; opening runs every newer migration of the ordered list, each once, in
// its own transaction together with the new user_version, so a crash mid-migration leaves the
// previous version intact. A released migration is never edited: change the schema by appending
// one. PRAGMA application_id marks the file as Vigil's.
//
// Tables (version 1), meant to be read with the sqlite3 shell as well:
//   catalog(kind, id, json, updated)                  one row per catalog object
//   decisions(event_id, fraud_label, insight_score, timestamp, detector_id, detector_version,
//             event_type, event_timestamp, seq, record, prev_hash, hash)
//                                                     the seed's DynamoDB item, plus the chain;
//                                                     event_id UNIQUE (the DynamoDB key), seq the
//                                                     INTEGER PRIMARY KEY (rowid, commit order)
//   events(event_type, event_id, entity_type, entity_id, event_timestamp, variables, label,
//          label_timestamp, stored)                   stored events
// Times are TimestampText (store/record_text.h): ISO-8601 UTC, fixed width, so text order is
// time order.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace vigil::store::sqlite {

// "VIGL": PRAGMA application_id of every Vigil database.
inline constexpr int64_t kApplicationId = 0x5649474C;

struct Migration {
  int version;                   // 1, 2, 3, ... without gaps
  std::string_view description;  // for errors and logs
  std::string_view sql;          // one or more statements
};

// The store's migrations, oldest first.
std::span<const Migration> Migrations();

// The version a database has after Migrate(Migrations()).
int LatestSchemaVersion();

// Brings the database on `connection` (read-write, no transaction open) to the last version of
// `migrations`. Fails, changing nothing, when the database was written by a newer Vigil
// (kConflict), is not a Vigil database (kInvalidArgument), or `migrations` is not numbered 1..n
// (kInternal). A failing migration is rolled back; the ones before it stay applied.
Status Migrate(Connection& connection, std::span<const Migration> migrations = Migrations());

}  // namespace vigil::store::sqlite
