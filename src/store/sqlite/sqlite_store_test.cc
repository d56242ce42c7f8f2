#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "store/hash_chain.h"
#include "store/record_text.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/test_util.h"

namespace vigil::store {
namespace {

using testing::AppendAndWait;
using testing::kBaseMicros;
using testing::MakeRecord;
using testing::OptionsFor;
using testing::Outcomes;
using testing::TempDir;

std::unique_ptr<Store> OpenOrDie(const StoreOptions& options) {
  auto store = OpenSqliteStore(options);
  EXPECT_TRUE(store) << store.error().message;
  return store ? std::move(*store) : nullptr;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  StoreOptions Options() {
    StoreOptions options = OptionsFor(dir_.path());
    options.clock = &clock_;
    return options;
  }
  TempDir dir_;
  FakeClock clock_{kBaseMicros};
};

TEST_F(SqliteStoreTest, CatalogRoundTrip) {
  auto store = OpenOrDie(Options());
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->LoadCatalog()->empty());

  ASSERT_TRUE(store->ApplyCatalog({{"variable", "amount", R"({"data_type":"FLOAT"})"},
                                   {"event_type", "transaction", R"({"variables":["amount"]})"},
                                   {"variable", "ip", R"({"data_type":"STRING"})"}}));
  clock_.Advance(1'000'000);
  ASSERT_TRUE(store->ApplyCatalog({{"variable", "ip", std::nullopt},
                                   {"variable", "amount", R"({"data_type":"INTEGER"})"},
                                   {"variable", "amount", R"({"data_type":"STRING"})"},
                                   {"list", "missing", std::nullopt}}));
  auto objects = store->LoadCatalog();
  ASSERT_TRUE(objects) << objects.error().message;
  ASSERT_EQ(objects->size(), 2u);
  EXPECT_EQ((*objects)[0].kind, "event_type");  // ordered by kind, then id
  EXPECT_EQ((*objects)[0].json, R"({"variables":["amount"]})");
  EXPECT_EQ((*objects)[0].updated_micros, kBaseMicros);
  EXPECT_EQ((*objects)[1].id, "amount");
  EXPECT_EQ((*objects)[1].json, R"({"data_type":"STRING"})");  // the last change wins
  EXPECT_EQ((*objects)[1].updated_micros, kBaseMicros + 1'000'000);
}

TEST_F(SqliteStoreTest, CatalogTransactionIsAllOrNothing) {
  auto store = OpenOrDie(Options());
  ASSERT_TRUE(store->ApplyCatalog({{"rule", "r1", "{}"}}));
  auto bad = store->ApplyCatalog({{"rule", "r2", "{}"}, {"rule", "r3", "{not json"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("rule/r3 is not valid JSON"), std::string::npos)
      << bad.error().message;
  auto empty_id = store->ApplyCatalog({{"rule", "", "{}"}});
  ASSERT_FALSE(empty_id);
  EXPECT_EQ(empty_id.error().field, "changes[0].id");
  auto objects = store->LoadCatalog();
  ASSERT_EQ(objects->size(), 1u);  // r2 was rolled back with r3
  EXPECT_EQ((*objects)[0].id, "r1");
  EXPECT_TRUE(store->Healthy());  // bad input is not a store failure
}

TEST_F(SqliteStoreTest, DecisionRoundTrip) {
  auto store = OpenOrDie(Options());
  DecisionRecord input = MakeRecord("abc123", 0);
  input.decided_micros += 123'456;
  auto first = AppendAndWait(*store, input);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->inserted);
  EXPECT_EQ(first->record.seq, 1);
  EXPECT_EQ(first->record.prev_hash, kGenesisHash);
  EXPECT_EQ(first->record.hash.size(), 64u);

  DecisionRecord unscored = MakeRecord("def456", 1);
  ASSERT_FALSE(unscored.insight_score);
  auto second = AppendAndWait(*store, unscored);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->record.seq, 2);
  EXPECT_EQ(second->record.prev_hash, first->record.hash);

  auto got = store->GetDecision("abc123");
  ASSERT_TRUE(got && *got) << (got ? "not found" : got.error().message);
  EXPECT_EQ(**got, first->record);
  input.seq = 1;
  input.prev_hash = first->record.prev_hash;
  input.hash = first->record.hash;
  EXPECT_EQ(**got, input);  // every field as given
  EXPECT_EQ(**store->GetDecision("def456"), second->record);
  EXPECT_FALSE(*store->GetDecision("nope"));
}

TEST_F(SqliteStoreTest, MalformedRecordIsRejectedAtOnce) {
  auto store = OpenOrDie(Options());
  DecisionRecord bad = MakeRecord("x");
  bad.event_id.clear();
  auto outcome = AppendAndWait(*store, bad);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AppendAndWait(*store, MakeRecord("ok"))->record.seq, 1);  // no seq was used up
}

TEST_F(SqliteStoreTest, EverythingSurvivesReopen) {
  std::string head_hash;
  {
    auto store = OpenOrDie(Options());
    ASSERT_TRUE(store->ApplyCatalog({{"detector", "d1", R"({"event_type":"transaction"})"}}));
    for (int i = 0; i < 50; ++i) {
      auto outcome = AppendAndWait(*store, MakeRecord("e" + std::to_string(i), i));
      ASSERT_TRUE(outcome);
      head_hash = outcome->record.hash;
    }
    ASSERT_TRUE(store->PutEvent({"transaction", "e1", "customer", "c1", kBaseMicros, "{}"}));
    ASSERT_TRUE(store->Close());
  }
  auto store = OpenOrDie(Options());
  EXPECT_EQ(store->LoadCatalog()->size(), 1u);
  EXPECT_EQ((*store->GetDecision("e49"))->seq, 50);
  EXPECT_TRUE(*store->GetEvent("transaction", "e1"));
  auto report = store->VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->records, 50);
  EXPECT_EQ(report->head_hash, head_hash);
  // The chain continues from the stored head.
  auto next = AppendAndWait(*store, MakeRecord("e50", 50));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->record.seq, 51);
  EXPECT_EQ(next->record.prev_hash, head_hash);
  // A record appended before the restart is still a duplicate after it.
  auto again = AppendAndWait(*store, MakeRecord("e7", 99));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->record.seq, 8);
}

// The page size of the database file, read with a connection of its own.
int64_t PageSize(const std::string& path) {
  auto db = sqlite::Connection::Open(path, /*read_only=*/true);
  EXPECT_TRUE(db) << db.error().message;
  auto size = (*db)->QueryInt("PRAGMA page_size", "read page_size");
  return size ? *size : -1;
}

TEST_F(SqliteStoreTest, NewDatabaseUsesLargePagesAndAnOldOneKeepsItsOwn) {
  {
    auto store = OpenOrDie(Options());
    ASSERT_TRUE(AppendAndWait(*store, MakeRecord("e1", 1)));
  }
  EXPECT_EQ(PageSize(dir_.Sub("vigil.db")), 32768);

  // A database created with SQLite's default 4 KiB pages, as earlier versions made them.
  TempDir old_dir;
  {
    auto db = sqlite::Connection::Open(old_dir.Sub("vigil.db"), /*read_only=*/false);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->Exec("PRAGMA page_size = 4096; CREATE TABLE ballast (a); DROP TABLE ballast",
                            "create a 4 KiB database"));
  }
  StoreOptions options = Options();
  options.directory = old_dir.path();
  {
    auto store = OpenOrDie(options);
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(AppendAndWait(*store, MakeRecord("e" + std::to_string(i), i)));
    }
  }
  EXPECT_EQ(PageSize(old_dir.Sub("vigil.db")), 4096);
  auto store = OpenOrDie(options);
  EXPECT_EQ((*store->GetDecision("e19"))->seq, 20);
  auto report = store->VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST_F(SqliteStoreTest, ListDecisionsFiltersNewestFirst) {
  auto store = OpenOrDie(Options());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(AppendAndWait(*store, MakeRecord("e" + std::to_string(i), i)));
  }
  auto seqs = [&](const DecisionQuery& query) {
    std::vector<int64_t> out;
    auto records = store->ListDecisions(query);
    EXPECT_TRUE(records) << records.error().message;
    if (records) {
      for (const auto& r : *records) out.push_back(r.seq);
    }
    return out;
  };
  EXPECT_EQ(seqs({.limit = 3}), (std::vector<int64_t>{20, 19, 18}));
  EXPECT_EQ(seqs({.detector_id = "login_detector", .limit = 3}),
            (std::vector<int64_t>{20, 18, 16}));  // odd i: seq = i + 1 is even
  EXPECT_EQ(seqs({.after_seq = 17}), (std::vector<int64_t>{20, 19, 18}));
  EXPECT_EQ(seqs({.before_seq = 4}), (std::vector<int64_t>{3, 2, 1}));
  EXPECT_EQ(seqs({.after_seq = 5, .before_seq = 9}), (std::vector<int64_t>{8, 7, 6}));
  // Record i was decided at kBaseMicros + i ms: before +2 ms are records 0 and 1.
  EXPECT_EQ(seqs({.decided_before_micros = kBaseMicros + 2000}), (std::vector<int64_t>{2, 1}));
  EXPECT_TRUE(seqs({.limit = 0}).empty());
  EXPECT_EQ(seqs({.limit = 1'000'000}).size(), 20u);
  auto bad = store->ListDecisions({.decided_before_micros = kMaxTimestampMicros + 1});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, DuplicateEventIdIsStoredOnce) {
  auto store = OpenOrDie(Options());
  auto first = AppendAndWait(*store, MakeRecord("dup", 0));
  auto second = AppendAndWait(*store, MakeRecord("dup", 3));  // different contents, same id
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->inserted);
  EXPECT_FALSE(second->inserted);
  EXPECT_EQ(second->record, first->record);
  EXPECT_EQ(AppendAndWait(*store, MakeRecord("next"))->record.seq, 2);
}

TEST_F(SqliteStoreTest, DuplicatesQueuedTogetherAreStoredOnce) {
  auto store = OpenOrDie(Options());
  constexpr int kCopies = 200;
  Outcomes outcomes(kCopies);
  for (int i = 0; i < kCopies; ++i) store->AppendDecision(MakeRecord("same", i), outcomes.At(i));
  int inserted = 0;
  for (auto& outcome : outcomes.Wait()) {
    ASSERT_TRUE(outcome) << outcome.error().message;
    inserted += outcome->inserted;
    EXPECT_EQ(outcome->record.seq, 1);
    EXPECT_EQ(outcome->record.record_json, MakeRecord("same", 0).record_json);  // the first wins
  }
  EXPECT_EQ(inserted, 1);
}

TEST_F(SqliteStoreTest, ConcurrentDuplicatesAreStoredExactlyOnce) {
  StoreOptions options = Options();
  options.max_batch = 64;  // many batches, so duplicates meet across batches and within them
  auto store = OpenOrDie(options);
  constexpr int kThreads = 4;
  constexpr int kIds = 500;
  Outcomes outcomes(kThreads * kIds);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kIds; ++k) {
        const int id = (k * 7 + t * 131) % kIds;  // each thread walks the ids in its own order
        store->AppendDecision(MakeRecord("id" + std::to_string(id), t), outcomes.At(t * kIds + k));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::map<std::string, DecisionRecord> stored;
  int inserted = 0;
  for (auto& outcome : outcomes.Wait()) {
    ASSERT_TRUE(outcome) << outcome.error().message;
    inserted += outcome->inserted;
    auto [it, fresh] = stored.emplace(outcome->record.event_id, outcome->record);
    if (!fresh) {
      EXPECT_EQ(it->second, outcome->record);  // every answer for an id is the same
    }
  }
  EXPECT_EQ(inserted, kIds);
  EXPECT_EQ(stored.size(), static_cast<size_t>(kIds));
  std::set<int64_t> seqs;
  for (const auto& [id, record] : stored) seqs.insert(record.seq);
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), kIds);
  EXPECT_EQ(seqs.size(), static_cast<size_t>(kIds));
  auto report = store->VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->records, kIds);
}

TEST_F(SqliteStoreTest, StoredEvents) {
  auto store = OpenOrDie(Options());
  StoredEvent event{"transaction", "e1", "customer", "c1", kBaseMicros, R"({"amount":"12.5"})"};
  ASSERT_TRUE(store->PutEvent(event));
  auto got = store->GetEvent("transaction", "e1");
  ASSERT_TRUE(got && *got);
  event.stored_micros = kBaseMicros;  // from the store's clock
  EXPECT_EQ(**got, event);

  clock_.Advance(10);
  event.label = "FRAUD";
  event.label_micros = kBaseMicros + 5;
  ASSERT_TRUE(store->PutEvent(event));  // replaces
  event.stored_micros = kBaseMicros + 10;
  EXPECT_EQ(**store->GetEvent("transaction", "e1"), event);
  EXPECT_FALSE(*store->GetEvent("login", "e1"));  // the key includes the event type

  EXPECT_TRUE(*store->DeleteEvent("transaction", "e1"));
  EXPECT_FALSE(*store->DeleteEvent("transaction", "e1"));
  EXPECT_FALSE(*store->GetEvent("transaction", "e1"));

  auto bad = store->PutEvent({"", "e2", "customer", "c1", kBaseMicros, "{}"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "event_type");
}

TEST_F(SqliteStoreTest, CloseDrainsTheQueue) {
  auto store = OpenOrDie(Options());
  constexpr int kRecords = 3000;
  Outcomes outcomes(kRecords);
  for (int i = 0; i < kRecords; ++i) {
    store->AppendDecision(MakeRecord("e" + std::to_string(i), i), outcomes.At(i));
  }
  ASSERT_TRUE(store->Close());
  EXPECT_EQ(outcomes.calls(), static_cast<size_t>(kRecords));  // all fired before Close returned
  for (auto& outcome : outcomes.Wait()) {
    ASSERT_TRUE(outcome) << outcome.error().message;  // queued before Close: committed
  }
  EXPECT_FALSE(store->Healthy());
  EXPECT_TRUE(store->Close());  // idempotent

  auto late = AppendAndWait(*store, MakeRecord("late"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(late.error().message.find("closing"), std::string::npos);
  EXPECT_EQ(store->GetDecision("e1").error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store->ApplyCatalog({{"k", "i", "{}"}}).error().code, ErrorCode::kUnavailable);

  auto reopened = OpenOrDie(Options());
  EXPECT_EQ(reopened->VerifyChain()->records, kRecords);
}

TEST_F(SqliteStoreTest, CloseRacingAppendsFiresEveryCallbackOnce) {
  auto store = OpenOrDie(Options());
  constexpr int kThreads = 3;
  constexpr int kPerThread = 2000;
  Outcomes outcomes(kThreads * kPerThread);
  std::latch started(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      started.count_down();
      for (int k = 0; k < kPerThread; ++k) {
        const int i = t * kPerThread + k;
        store->AppendDecision(MakeRecord("e" + std::to_string(i), i), outcomes.At(i));
      }
    });
  }
  started.wait();
  ASSERT_TRUE(store->Close());
  for (auto& thread : threads) thread.join();
  std::set<std::string> acknowledged;
  for (auto& outcome : outcomes.Wait()) {
    if (outcome) {
      acknowledged.insert(outcome->record.event_id);
    } else {
      EXPECT_EQ(outcome.error().code, ErrorCode::kUnavailable) << outcome.error().message;
    }
  }
  EXPECT_EQ(outcomes.calls(), static_cast<size_t>(kThreads * kPerThread));
  auto reopened = OpenOrDie(Options());
  auto report = reopened->VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->records, static_cast<int64_t>(acknowledged.size()));
  for (const auto& id : acknowledged) ASSERT_TRUE(*reopened->GetDecision(id)) << id;
}

TEST_F(SqliteStoreTest, OnCommitSeesEveryBatch) {
  std::atomic<size_t> committed{0};
  std::atomic<int> batches{0};
  StoreOptions options = Options();
  options.max_batch = 16;
  options.on_commit = [&](size_t batch_size, int64_t micros) {
    EXPECT_LE(batch_size, 16u);
    EXPECT_GE(micros, 0);
    committed += batch_size;
    ++batches;
  };
  auto store = OpenOrDie(options);
  Outcomes outcomes(500);
  for (int i = 0; i < 500; ++i) {
    store->AppendDecision(MakeRecord("e" + std::to_string(i)), outcomes.At(i));
  }
  outcomes.Wait();
  ASSERT_TRUE(store->Close());
  EXPECT_EQ(committed.load(), 500u);
  EXPECT_GE(batches.load(), 500 / 16);
}

TEST_F(SqliteStoreTest, SynchronousCallFromACallbackFailsInsteadOfDeadlocking) {
  auto store = OpenOrDie(Options());
  std::promise<Status> inner;
  store->AppendDecision(MakeRecord("e"), [&](Result<AppendOutcome>) {
    inner.set_value(store->ApplyCatalog({{"k", "i", "{}"}}));
  });
  Status status = inner.get_future().get();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, SecondStoreOnTheSameDirectoryIsRefused) {
  auto store = OpenOrDie(Options());
  auto second = OpenSqliteStore(Options());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
  ASSERT_TRUE(store->Close());
  EXPECT_TRUE(OpenSqliteStore(Options()));  // the lock went with Close
}

TEST_F(SqliteStoreTest, BadOptionsAreRefused) {
  StoreOptions options = Options();
  options.max_batch = 0;
  EXPECT_EQ(OpenSqliteStore(options).error().field, "max_batch");
  options = Options();
  options.read_connections = 0;
  EXPECT_EQ(OpenSqliteStore(options).error().field, "read_connections");
  options = Options();
  options.directory.clear();
  EXPECT_EQ(OpenSqliteStore(options).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace vigil::store
