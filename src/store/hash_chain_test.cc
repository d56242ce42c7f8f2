#include "store/hash_chain.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "store/chain_verifier.h"
#include "store/record_text.h"

namespace vigil::store {
namespace {

constexpr int64_t kDecided = 1'752'582'896'000'000;  // 2025-07-15T12:34:56Z

DecisionRecord SeedRecord() {
  DecisionRecord r;
  r.event_id = "abc123";
  r.detector_id = "transaction_detector";
  r.detector_version = "1";
  r.event_type = "transaction";
  r.fraud_label = "FRAUD";
  r.insight_score = 947;
  r.decided_micros = kDecided;
  r.event_micros = kDecided - 6'000'000;
  r.record_json = R"({"event_id":"abc123"})";
  r.seq = 1;
  r.prev_hash = std::string(kGenesisHash);
  return r;
}

// The expected hashes were computed outside Vigil, with
//   printf '%s\n...%s' <fields> | sha256sum
// so the documented hash input is what the code hashes.
TEST(HashChainTest, MatchesTheDocumentedInput) {
  ChainHasher hasher;
  auto hash = hasher.Hash(SeedRecord());
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(*hash, "720f3d673b6c540f18e4386bc90dfd609c6f42c4bc915e233d6ad2e0b79f2d60");

  DecisionRecord no_score = SeedRecord();
  no_score.insight_score.reset();
  EXPECT_EQ(*hasher.Hash(no_score),
            "c50621138c62ae14deb3ac6e8ca4c391c91a10a56b17aa1b1d6d3eae318bf5d6");
}

TEST(HashChainTest, EveryFieldChangesTheHash) {
  ChainHasher hasher;
  const std::string base = *hasher.Hash(SeedRecord());
  std::vector<DecisionRecord> variants(10, SeedRecord());
  variants[0].prev_hash[0] = '1';
  variants[1].seq = 2;
  variants[2].event_id = "abc124";
  variants[3].detector_id = "other";
  variants[4].detector_version = "2";
  variants[5].event_type = "login";
  variants[6].fraud_label = "LEGIT";
  variants[7].insight_score = 946.5;
  variants[8].decided_micros += 1;
  variants[9].record_json = R"({"event_id":"abc123" })";
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(*hasher.Hash(variants[i]), base) << "variant " << i;
  }
}

TEST(HashChainTest, CheckChainableRejectsWhatWouldMakeTheInputAmbiguous) {
  EXPECT_TRUE(CheckChainable(SeedRecord()));
  DecisionRecord r = SeedRecord();
  r.event_id = "";
  EXPECT_EQ(CheckChainable(r).error().field, "event_id");
  r = SeedRecord();
  r.fraud_label = "FRAUD\nLEGIT";
  EXPECT_EQ(CheckChainable(r).error().field, "fraud_label");
  r = SeedRecord();
  r.insight_score = std::nan("");
  EXPECT_EQ(CheckChainable(r).error().field, "insight_score");
  r = SeedRecord();
  r.event_micros = kMaxTimestampMicros + 1;
  EXPECT_EQ(CheckChainable(r).error().code, ErrorCode::kInvalidArgument);
  r = SeedRecord();
  r.record_json = "{\n  \"pretty\": true\n}";  // the last field may hold newlines
  EXPECT_TRUE(CheckChainable(r));
}

TEST(RecordTextTest, TimestampsAreFixedWidthAndRoundTrip) {
  EXPECT_EQ(TimestampText(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(TimestampText(kDecided + 500'000), "2025-07-15T12:34:56.500000Z");
  EXPECT_EQ(TimestampText(kDecided + 123'456), "2025-07-15T12:34:56.123456Z");
  EXPECT_EQ(TimestampText(kMinTimestampMicros), "0000-01-01T00:00:00.000000Z");
  EXPECT_EQ(TimestampText(kMaxTimestampMicros), "9999-12-31T23:59:59.999999Z");
  for (int64_t t : {int64_t{0}, kDecided + 1, kDecided + 1000, kMinTimestampMicros,
                    kMaxTimestampMicros, int64_t{-1}}) {
    EXPECT_EQ(*ParseTimestampText(TimestampText(t), "t"), t) << t;
  }
  // Text order is time order.
  EXPECT_LT(TimestampText(kDecided), TimestampText(kDecided + 1));
  EXPECT_LT(TimestampText(kDecided + 999'999), TimestampText(kDecided + 1'000'000));
}

TEST(RecordTextTest, ScoresAreShortestRoundTripText) {
  EXPECT_EQ(ScoreText(std::nullopt), "");
  EXPECT_EQ(ScoreText(947.0), "947");
  EXPECT_EQ(ScoreText(0.125), "0.125");
  EXPECT_EQ(ScoreText(0.1), "0.1");
}

// Rows of a valid chain of `n` records.
std::vector<ChainRow> MakeChain(int n) {
  ChainHasher hasher;
  std::vector<ChainRow> rows;
  std::string prev(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    ChainRow row;
    row.seq = i;
    row.event_id = "e" + std::to_string(i);
    row.detector_id = "d";
    row.detector_version = "1";
    row.event_type = "t";
    row.fraud_label = "LEGIT";
    row.timestamp = TimestampText(kDecided + i);
    row.event_timestamp = TimestampText(kDecided);
    row.record_json = "{}";
    row.prev_hash = prev;
    row.hash = *hasher.Hash(ChainFields{
        row.prev_hash, row.seq, row.event_id, row.detector_id, row.detector_version, row.event_type,
        row.fraud_label, row.insight_score, row.timestamp, row.event_timestamp, row.record_json});
    prev = row.hash;
    rows.push_back(row);
  }
  return rows;
}

ChainReport Verify(const std::vector<ChainRow>& rows, std::optional<ChainHead> head = {}) {
  ChainVerifier verifier(std::move(head));
  for (const ChainRow& row : rows) EXPECT_TRUE(verifier.Add(row));
  return verifier.Finish();
}

TEST(ChainVerifierTest, AcceptsAnIntactChain) {
  const auto rows = MakeChain(5);
  const ChainReport report = Verify(rows, ChainHead{5, rows[4].hash});
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.records, 5);
  EXPECT_EQ(report.head_seq, 5);
  EXPECT_EQ(report.head_hash, rows[4].hash);

  const ChainReport empty = Verify({}, ChainHead{});
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.records, 0);
  EXPECT_EQ(empty.head_hash, kGenesisHash);
}

TEST(ChainVerifierTest, FindsAnEditedRow) {
  auto rows = MakeChain(5);
  rows[2].fraud_label = "FRAUD";
  const ChainReport report = Verify(rows);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("altered"), std::string::npos) << report.problem;
  EXPECT_EQ(report.records, 5);
}

TEST(ChainVerifierTest, FindsAnEditedRowWhoseHashWasRecomputed) {
  auto rows = MakeChain(5);
  rows[2].record_json = R"({"forged":true})";
  ChainHasher hasher;
  rows[2].hash =
      *hasher.Hash(ChainFields{rows[2].prev_hash, 3, rows[2].event_id, "d", "1", "t", "LEGIT", "",
                               rows[2].timestamp, rows[2].event_timestamp, rows[2].record_json});
  EXPECT_EQ(Verify(rows).first_bad_seq, 4);  // the next record no longer links to it
}

TEST(ChainVerifierTest, FindsADeletedRow) {
  auto rows = MakeChain(5);
  rows.erase(rows.begin() + 1);
  const ChainReport report = Verify(rows);
  EXPECT_EQ(report.first_bad_seq, 2);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST(ChainVerifierTest, FindsSwappedSeqs) {
  auto rows = MakeChain(5);
  std::swap(rows[1].seq, rows[2].seq);
  std::swap(rows[1], rows[2]);  // walked in seq order, as a backend reads them
  EXPECT_EQ(Verify(rows).first_bad_seq, 2);
}

TEST(ChainVerifierTest, FindsDeletedNewestRowsAgainstTheCommittedHead) {
  const auto rows = MakeChain(5);
  const std::vector<ChainRow> truncated(rows.begin(), rows.begin() + 3);
  EXPECT_TRUE(Verify(truncated).ok());  // undetectable from the chain alone
  const ChainReport report = Verify(truncated, ChainHead{5, rows[4].hash});
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST(ChainVerifierTest, FindsARewrittenNewestRowAgainstTheCommittedHead) {
  const auto rows = MakeChain(5);
  auto forged = MakeChain(5);
  forged[4] = rows[4];
  forged[4].record_json = "[]";
  ChainHasher hasher;
  forged[4].hash = *hasher.Hash(ChainFields{forged[4].prev_hash, 5, forged[4].event_id, "d", "1",
                                            "t", "LEGIT", "", forged[4].timestamp,
                                            forged[4].event_timestamp, forged[4].record_json});
  EXPECT_TRUE(Verify(forged).ok());
  EXPECT_EQ(Verify(forged, ChainHead{5, rows[4].hash}).first_bad_seq, 5);
  // Rows committed after the head was read are walked too, and are fine.
  EXPECT_TRUE(Verify(rows, ChainHead{3, rows[2].hash}).ok());
}

}  // namespace
}  // namespace vigil::store
