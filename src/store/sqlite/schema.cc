#include "store/sqlite/schema.h"

#include <string>

namespace vigil::store::sqlite {

namespace {

// STRICT tables make SQLite refuse a value of the wrong type, also from the shell.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE catalog (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json)),
  updated TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;

-- seq is the rowid: rows are appended in commit order, and event_id's unique index (the
-- DynamoDB table's primary key) is the only index every insert must search at random.
CREATE TABLE decisions (
  event_id TEXT NOT NULL UNIQUE,
  fraud_label TEXT NOT NULL,
  insight_score REAL,
  timestamp TEXT NOT NULL,
  detector_id TEXT NOT NULL,
  detector_version TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_timestamp TEXT NOT NULL,
  seq INTEGER PRIMARY KEY,
  record TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_by_detector ON decisions (detector_id, seq);

CREATE TABLE events (
  event_type TEXT NOT NULL,
  event_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  event_timestamp TEXT NOT NULL,
  variables TEXT NOT NULL,
  label TEXT,
  label_timestamp TEXT,
  stored TEXT NOT NULL,
  PRIMARY KEY (event_type, event_id)
) STRICT;

PRAGMA application_id = 1447642956;
)sql";

// Rebuilding aggregates and training read an event type's events in time order: with this
// index the scan streams them, where it used to sort them all before returning the first.
constexpr std::string_view kVersion2 = R"sql(
CREATE INDEX events_by_time ON events (event_type, event_timestamp);
)sql";

constexpr Migration kMigrations[] = {
    {1, "catalog, decisions and events tables", kVersion1},
    {2, "events in time order", kVersion2},
};

static_assert(kApplicationId == 1447642956, "kVersion1 spells out kApplicationId");

Status ApplyOne(Connection& connection, const Migration& migration) {
  const std::string what = "schema migration " + std::to_string(migration.version) + " (" +
                           std::string(migration.description) + ")";
  VIGIL_CHECK(connection.Exec("BEGIN IMMEDIATE", what));
  auto applied = [&]() -> Status {
    // Read again under the write lock: another connection may have migrated meanwhile.
    VIGIL_TRY(current, connection.QueryInt("PRAGMA user_version", what));
    if (current >= migration.version) return connection.Exec("ROLLBACK", what);
    VIGIL_CHECK(connection.Exec(migration.sql, what));
    VIGIL_CHECK(
        connection.Exec("PRAGMA user_version = " + std::to_string(migration.version), what));
    return connection.Exec("COMMIT", what);
  }();
  if (!applied && connection.InTransaction()) (void)connection.Exec("ROLLBACK", what);
  return applied;
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Status Migrate(Connection& connection, std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Fail(ErrorCode::kInternal, "schema migrations must be numbered 1, 2, 3, ...: entry " +
                                            std::to_string(i) + " has version " +
                                            std::to_string(migrations[i].version));
    }
  }
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  const std::string& path = connection.path();

  VIGIL_TRY(application_id, connection.QueryInt("PRAGMA application_id", "read application_id"));
  VIGIL_TRY(version, connection.QueryInt("PRAGMA user_version", "read user_version"));
  if (application_id != 0 && application_id != kApplicationId) {
    return Fail(ErrorCode::kInvalidArgument,
                path + " is not a Vigil database (its application_id is " +
                    std::to_string(application_id) + ")");
  }
  if (version == 0) {
    VIGIL_TRY(tables, connection.QueryInt("SELECT count(*) FROM sqlite_schema", "read schema"));
    if (tables > 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  path + " is not a Vigil database: it has tables but no Vigil schema version");
    }
  }
  if (version > latest) {
    return Fail(ErrorCode::kConflict,
                path + " has schema version " + std::to_string(version) +
                    ", newer than this build of Vigil knows (" + std::to_string(latest) +
                    "); it was written by a newer Vigil: run that version, or restore a backup");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    VIGIL_CHECK(ApplyOne(connection, migration));
  }
  return {};
}

}  // namespace vigil::store::sqlite
