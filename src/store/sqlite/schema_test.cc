#include "store/sqlite/schema.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::store::sqlite {
namespace {

using store::testing::TempDir;

class SqliteSchemaTest : public ::testing::Test {
 protected:
  std::unique_ptr<Connection> OpenDb() {
    auto db = Connection::Open(dir_.Sub("test.db"), /*read_only=*/false);
    EXPECT_TRUE(db) << db.error().message;
    return std::move(*db);
  }
  int64_t Int(Connection& db, std::string_view sql) { return *db.QueryInt(sql, "test"); }

  TempDir dir_;
};

TEST_F(SqliteSchemaTest, FreshDatabaseGetsEveryMigration) {
  auto db = OpenDb();
  ASSERT_TRUE(Migrate(*db));
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(Int(*db, "PRAGMA application_id"), kApplicationId);
  EXPECT_EQ(Int(*db,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                "('catalog', 'decisions', 'events')"),
            3);
}

TEST_F(SqliteSchemaTest, AnEventTypesEventsAreReadInTimeOrderWithoutSorting) {
  auto db = OpenDb();
  ASSERT_TRUE(Migrate(*db));
  // The plan's steps (its detail column): an index search, and no temporary B-tree to sort.
  auto statement = db->Cached(
      "EXPLAIN QUERY PLAN SELECT * FROM events WHERE event_type = 'card_transaction' "
      "ORDER BY event_timestamp, rowid");
  ASSERT_TRUE(statement) << statement.error().message;
  std::string plan;
  for (;;) {
    auto row = (*statement)->Step();
    ASSERT_TRUE(row) << row.error().message;
    if (!*row) break;
    plan += (*statement)->Text(3) + "; ";
  }
  (*statement)->Reset();
  EXPECT_NE(plan.find("USING INDEX events_by_time"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST_F(SqliteSchemaTest, MigrateIsIdempotent) {
  auto db = OpenDb();
  ASSERT_TRUE(Migrate(*db));
  ASSERT_TRUE(db->Exec("INSERT INTO catalog VALUES ('k', 'i', '{}', 'now')", "insert"));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Migrate(*db));
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(Int(*db, "SELECT count(*) FROM catalog"), 1);
}

TEST_F(SqliteSchemaTest, AppliesOnlyNewStepsInOrder) {
  const Migration v1[] = {{1, "t", "CREATE TABLE t (step INTEGER);"}};
  const Migration v2[] = {{1, "t", "CREATE TABLE t (step INTEGER);"},
                          {2, "two", "INSERT INTO t VALUES (2);"},
                          {3, "three", "INSERT INTO t VALUES (3);"}};
  auto db = OpenDb();
  ASSERT_TRUE(Migrate(*db, v1));
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), 1);
  // Re-running step 1 would fail: its table exists.
  auto upgraded = Migrate(*db, v2);
  ASSERT_TRUE(upgraded) << upgraded.error().message;
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), 3);
  EXPECT_EQ(Int(*db, "SELECT group_concat(step, '') FROM t"), 23);
  ASSERT_TRUE(Migrate(*db, v2));
  EXPECT_EQ(Int(*db, "SELECT count(*) FROM t"), 2);
}

TEST_F(SqliteSchemaTest, FailedStepIsRolledBackAndEarlierStepsStay) {
  const Migration steps[] = {{1, "t", "CREATE TABLE t (a);"},
                             {2, "broken", "CREATE TABLE u (a); INSERT INTO nowhere VALUES (1);"}};
  auto db = OpenDb();
  auto result = Migrate(*db, steps);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("schema migration 2 (broken)"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), 1);
  EXPECT_EQ(Int(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'u'"), 0);
  EXPECT_FALSE(db->InTransaction());
}

TEST_F(SqliteSchemaTest, NewerDatabaseIsRefused) {
  auto db = OpenDb();
  ASSERT_TRUE(Migrate(*db));
  ASSERT_TRUE(
      db->Exec("PRAGMA user_version = " + std::to_string(LatestSchemaVersion() + 1), "set"));
  auto result = Migrate(*db);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  EXPECT_NE(result.error().message.find("newer than this build of Vigil"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), LatestSchemaVersion() + 1);  // untouched
}

TEST_F(SqliteSchemaTest, StoreOnANewerDatabaseFailsToOpen) {
  {
    auto store = OpenSqliteStore(store::testing::OptionsFor(dir_.path()));
    ASSERT_TRUE(store);
  }
  {
    auto db = Connection::Open(dir_.Sub("vigil.db"), false);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 999", "set"));
  }
  auto store = OpenSqliteStore(store::testing::OptionsFor(dir_.path()));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kConflict);
  EXPECT_NE(store.error().message.find("schema version 999"), std::string::npos)
      << store.error().message;
}

TEST_F(SqliteSchemaTest, ForeignDatabaseIsRefused) {
  auto db = OpenDb();
  ASSERT_TRUE(db->Exec("CREATE TABLE mine (a)", "create"));
  auto result = Migrate(*db);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("not a Vigil database"), std::string::npos);

  auto other = Connection::Open(dir_.Sub("other.db"), false);
  ASSERT_TRUE((*other)->Exec("PRAGMA application_id = 42", "set"));
  result = Migrate(**other);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("application_id is 42"), std::string::npos);
}

TEST_F(SqliteSchemaTest, MisnumberedMigrationsAreABug) {
  const Migration steps[] = {{1, "a", "SELECT 1;"}, {3, "c", "SELECT 1;"}};
  auto db = OpenDb();
  auto result = Migrate(*db, steps);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Int(*db, "PRAGMA user_version"), 0);
}

}  // namespace
}  // namespace vigil::store::sqlite
