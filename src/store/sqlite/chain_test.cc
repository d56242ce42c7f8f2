// The hash chain as stored in SQLite: tampering through a raw connection (what someone with the
// sqlite3 shell could do) is found by VerifyChain.
#include <gtest/gtest.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::store {
namespace {

using testing::AppendAndWait;
using testing::MakeRecord;
using testing::OptionsFor;
using testing::TempDir;

class SqliteChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(OptionsFor(dir_.path()));
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    for (int i = 1; i <= 10; ++i) {
      ASSERT_TRUE(AppendAndWait(*store_, MakeRecord("e" + std::to_string(i), i)));
    }
    auto report = store_->VerifyChain();
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->ok()) << report->problem;
    ASSERT_EQ(report->records, 10);
  }

  // Runs `sql` on a connection of its own, as the sqlite3 shell would.
  void Tamper(const std::string& sql) {
    auto db = sqlite::Connection::Open(dir_.Sub("vigil.db"), /*read_only=*/false);
    ASSERT_TRUE(db) << db.error().message;
    auto done = (*db)->Exec(sql, "tamper");
    ASSERT_TRUE(done) << done.error().message;
  }

  ChainReport Verify() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : ChainReport{};
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteChainTest, TableReadsLikeTheSeedItem) {
  auto db = sqlite::Connection::Open(dir_.Sub("vigil.db"), /*read_only=*/true);
  ASSERT_TRUE(db);
  auto row = (*db)->Cached(
      "SELECT event_id, fraud_label, insight_score, timestamp FROM decisions WHERE seq = 3");
  ASSERT_TRUE(row);
  ASSERT_TRUE(*(*row)->Step());
  EXPECT_EQ((*row)->Text(0), "e3");
  EXPECT_EQ((*row)->Text(1), "FRAUD");
  EXPECT_EQ((*row)->Double(2), 903);
  EXPECT_EQ((*row)->Text(3), "2025-07-15T12:34:56.003000Z");
  (*row)->Reset();
}

TEST_F(SqliteChainTest, EditedColumnIsFound) {
  Tamper("UPDATE decisions SET fraud_label = 'LEGIT' WHERE seq = 3");
  const ChainReport report = Verify();
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("altered"), std::string::npos) << report.problem;
  EXPECT_EQ(report.records, 10);
}

TEST_F(SqliteChainTest, EditedRecordIsFound) {
  Tamper("UPDATE decisions SET record = json_set(record, '$.outcomes', json('[]')) WHERE seq = 7");
  EXPECT_EQ(Verify().first_bad_seq, 7);
}

TEST_F(SqliteChainTest, EditedScoreIsFound) {
  Tamper("UPDATE decisions SET insight_score = NULL WHERE seq = 2");
  EXPECT_EQ(Verify().first_bad_seq, 2);
}

TEST_F(SqliteChainTest, DeletedRowIsFound) {
  Tamper("DELETE FROM decisions WHERE seq = 6");
  const ChainReport report = Verify();
  EXPECT_EQ(report.first_bad_seq, 6);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST_F(SqliteChainTest, ReorderedSeqIsFound) {
  Tamper(
      "UPDATE decisions SET seq = -1 WHERE seq = 4;"
      "UPDATE decisions SET seq = 4 WHERE seq = 5;"
      "UPDATE decisions SET seq = 5 WHERE seq = -1;");
  EXPECT_EQ(Verify().first_bad_seq, 4);
}

TEST_F(SqliteChainTest, DeletedNewestRowIsFoundWhileRunning) {
  Tamper("DELETE FROM decisions WHERE seq = 10");
  const ChainReport report = Verify();
  EXPECT_EQ(report.first_bad_seq, 10);
  EXPECT_NE(report.problem.find("committed and are missing"), std::string::npos) << report.problem;
}

TEST_F(SqliteChainTest, TruncationWhileClosedChangesTheHeadHash) {
  const std::string anchored = Verify().head_hash;
  ASSERT_TRUE(store_->Close());
  Tamper("DELETE FROM decisions WHERE seq >= 9");
  auto reopened = OpenSqliteStore(OptionsFor(dir_.path()));
  ASSERT_TRUE(reopened);
  auto report = (*reopened)->VerifyChain();
  ASSERT_TRUE(report);
  // The chain alone cannot tell; the head hash kept elsewhere can.
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->head_seq, 8);
  EXPECT_NE(report->head_hash, anchored);
}

}  // namespace
}  // namespace vigil::store
