// The store's health after a failed commit: what turns it healthy again, what does not, and the
// disk checks of store/sqlite/disk_check.h. Real files and SQLite; no sleeps.
#include <gtest/gtest.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/disk_check.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::store {
namespace {

using sqlite::Connection;
using testing::AppendAndWait;
using testing::MakeRecord;
using testing::OptionsFor;
using testing::TempDir;

// A database capped at 16 pages stands in for a full disk (as in failure_test.cc).
TEST(SqliteHealthTest, ReplaysDoNotMakeAFullStoreHealthy) {
  TempDir dir;
  StoreOptions options = OptionsFor(dir.Sub("data"));
  options.max_database_bytes = 16 * 32768;
  auto opened = OpenSqliteStore(options);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  int stored = 0;
  for (; stored < 10'000; ++stored) {
    if (!AppendAndWait(store, MakeRecord("e" + std::to_string(stored), stored))) break;
  }
  ASSERT_GT(stored, 0);
  ASSERT_FALSE(store.Healthy());

  // A repeated event id commits a batch that writes nothing: it is answered, and proves nothing
  // about the disk.
  auto replay = AppendAndWait(store, MakeRecord("e0", 0));
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_FALSE(replay->inserted);
  EXPECT_EQ(replay->record.seq, 1);
  EXPECT_FALSE(store.Healthy());
  EXPECT_FALSE(AppendAndWait(store, MakeRecord("e" + std::to_string(stored), stored)));
  EXPECT_FALSE(store.Healthy());
}

TEST(SqliteHealthTest, ProbeWriteChangesNothingAndRespectsTheSizeLimit) {
  TempDir dir;
  auto db = sqlite::Connection::Open(dir.Sub("probe.db"), /*read_only=*/false);
  ASSERT_TRUE(db) << db.error().message;
  Connection& c = **db;
  ASSERT_TRUE(
      c.Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x); PRAGMA user_version = 7", "set up"));
  ASSERT_TRUE(sqlite::ProbeWrite(c, 64));
  EXPECT_EQ(*c.QueryInt("PRAGMA user_version", "read"), 7);
  EXPECT_FALSE(c.InTransaction());

  auto pages = c.QueryInt("PRAGMA page_count", "read");
  ASSERT_TRUE(pages);
  ASSERT_TRUE(c.Exec("PRAGMA max_page_count = " + std::to_string(*pages + 10), "cap"));
  auto full = sqlite::ProbeWrite(c, 64);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(full.error().message.find("size limit"), std::string::npos) << full.error().message;
  EXPECT_FALSE(c.InTransaction());
  EXPECT_TRUE(sqlite::ProbeWrite(c, 10));
}

TEST(SqliteHealthTest, DescribeFileSystemOfAWritableDirectory) {
  TempDir dir;
  const auto state = sqlite::DescribeFileSystem(dir.Sub("vigil.db"));
  ASSERT_TRUE(state.contains("free_bytes"));
  EXPECT_GT(state.at("free_bytes").to_number<uint64_t>(), 0u);
  EXPECT_FALSE(state.at("read_only").as_bool());
  EXPECT_FALSE(state.contains("cause"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "the write test left a file behind";
}

}  // namespace
}  // namespace vigil::store
