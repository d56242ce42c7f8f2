// Stored events in the SQLite store: stored with their decision (in its transaction), sent on
// their own, labelled, deleted, kept across a reopen. Real files, a fake clock, no sleeps.
#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::store {
namespace {

using testing::AppendAndWait;
using testing::kBaseMicros;
using testing::MakeEvent;
using testing::MakeRecord;
using testing::MakeRecordWithEvent;
using testing::OptionsFor;
using testing::Outcomes;
using testing::TempDir;

class EventStoreTest : public ::testing::Test {
 protected:
  StoreOptions Options() {
    StoreOptions options = OptionsFor(dir_.Sub("data"));
    options.clock = &clock_;
    return options;
  }
  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(Options());
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  std::optional<StoredEvent> Event(Store& store, const std::string& type, const std::string& id) {
    auto event = store.GetEvent(type, id);
    EXPECT_TRUE(event) << event.error().message;
    return event ? *event : std::nullopt;
  }
  TempDir dir_;
  FakeClock clock_{kBaseMicros};
};

TEST_F(EventStoreTest, TheEventIsStoredWithItsDecision) {
  auto store = Open();
  clock_.Advance(7);
  auto outcome = AppendAndWait(*store, MakeRecordWithEvent("e1"));
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_TRUE(outcome->inserted);
  StoredEvent expected = MakeEvent("e1");
  expected.stored_micros = kBaseMicros + 7;  // the store's clock
  EXPECT_EQ(Event(*store, "transaction", "e1"), expected);
  ASSERT_TRUE(outcome->record.event);
  EXPECT_EQ(*outcome->record.event, expected);
  // The event is no part of the record as read back, nor of its hash.
  EXPECT_FALSE((*store->GetDecision("e1"))->event);
  auto report = store->VerifyChain();
  ASSERT_TRUE(report && report->ok()) << (report ? report->problem : report.error().message);
}

TEST_F(EventStoreTest, ARecordWithoutAnEventStoresNone) {
  auto store = Open();
  ASSERT_TRUE(AppendAndWait(*store, MakeRecord("e1")));
  EXPECT_FALSE(Event(*store, "transaction", "e1"));
}

TEST_F(EventStoreTest, ARepeatedEventIdStoresNothingNew) {
  auto store = Open();
  ASSERT_TRUE(AppendAndWait(*store, MakeRecordWithEvent("e1", 2)));
  const StoredEvent first = *Event(*store, "transaction", "e1");

  clock_.Advance(1'000);
  DecisionRecord again = MakeRecordWithEvent("e1", 4);
  again.event->variables_json = R"({"transaction_amount":999})";
  auto outcome = AppendAndWait(*store, again);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->inserted);
  EXPECT_FALSE(outcome->record.event);
  EXPECT_EQ(Event(*store, "transaction", "e1"), first);  // neither variables nor stored changed
}

TEST_F(EventStoreTest, RepeatsWithinOneBatchStoreTheFirstEventOnly) {
  auto store = Open();
  constexpr int kRepeats = 50;
  Outcomes outcomes(kRepeats);
  for (int i = 0; i < kRepeats; ++i) {
    DecisionRecord record = MakeRecordWithEvent("same", 0);
    record.event->variables_json = R"({"copy":)" + std::to_string(i) + "}";
    store->AppendDecision(std::move(record), outcomes.At(i));
  }
  int inserted = 0;
  std::string stored_variables;
  for (auto& outcome : outcomes.Wait()) {
    ASSERT_TRUE(outcome) << outcome.error().message;
    if (!outcome->inserted) continue;
    ++inserted;
    stored_variables = outcome->record.event->variables_json;
  }
  EXPECT_EQ(inserted, 1);
  EXPECT_EQ(Event(*store, "transaction", "same")->variables_json, stored_variables);
}

TEST_F(EventStoreTest, ADecidedEventKeepsTheLabelOfTheEventItReplaces) {
  auto store = Open();
  StoredEvent sent = MakeEvent("e1");
  sent.variables_json = R"({"transaction_amount":1})";
  sent.label = "fraud";
  sent.label_micros = kBaseMicros + 3;
  ASSERT_TRUE(store->PutEvent(sent));

  ASSERT_TRUE(AppendAndWait(*store, MakeRecordWithEvent("e1")));
  auto event = Event(*store, "transaction", "e1");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->variables_json, MakeEvent("e1").variables_json);  // the decided event's
  EXPECT_EQ(event->label, "fraud");
  EXPECT_EQ(event->label_micros, kBaseMicros + 3);
}

TEST_F(EventStoreTest, AMalformedEventRefusesItsDecisionToo) {
  auto store = Open();
  DecisionRecord bad = MakeRecordWithEvent("e1");
  bad.event->event_type.clear();
  auto outcome = AppendAndWait(*store, bad);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(outcome.error().field, "event_type");
  EXPECT_FALSE(*store->GetDecision("e1"));
  EXPECT_EQ(AppendAndWait(*store, MakeRecordWithEvent("e2"))->record.seq, 1);  // no seq used up
}

TEST_F(EventStoreTest, AFullDiskStoresNeitherTheDecisionNorItsEvent) {
  StoreOptions options = Options();
  options.max_database_bytes = 16 * 32768;
  auto opened = OpenSqliteStore(options);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  // The decision row fits; its event (far larger than the database may grow) does not.
  DecisionRecord record = MakeRecordWithEvent("big");
  record.event->variables_json = R"({"blob":")" + std::string(1'000'000, 'z') + "\"}";
  auto outcome = AppendAndWait(store, record);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(*store.GetDecision("big"));
  EXPECT_FALSE(*store.GetEvent("transaction", "big"));
}

TEST_F(EventStoreTest, PutEventReturnsTheEventAsStored) {
  auto store = Open();
  clock_.Advance(11);
  StoredEvent event = MakeEvent("e1");
  auto stored = store->PutEvent(event);
  ASSERT_TRUE(stored) << stored.error().message;
  event.stored_micros = kBaseMicros + 11;
  EXPECT_EQ(*stored, event);
  EXPECT_EQ(Event(*store, "transaction", "e1"), event);

  // Sending it again replaces it, label included.
  StoredEvent labelled = MakeEvent("e1");
  labelled.label = "legit";
  labelled.label_micros = kBaseMicros;
  ASSERT_TRUE(store->PutEvent(labelled));
  ASSERT_TRUE(store->PutEvent(MakeEvent("e1")));
  EXPECT_FALSE(Event(*store, "transaction", "e1")->label);
}

TEST_F(EventStoreTest, LabelEventSetsAndChangesTheLabel) {
  auto store = Open();
  const StoredEvent stored = *store->PutEvent(MakeEvent("e1"));
  clock_.Advance(50);

  auto labelled = store->LabelEvent("transaction", "e1", "fraud", kBaseMicros + 20);
  ASSERT_TRUE(labelled && *labelled) << (labelled ? "not found" : labelled.error().message);
  StoredEvent expected = stored;
  expected.label = "fraud";
  expected.label_micros = kBaseMicros + 20;
  EXPECT_EQ(**labelled, expected);  // stored_micros stays: when the event was stored
  EXPECT_EQ(Event(*store, "transaction", "e1"), expected);

  auto changed = store->LabelEvent("transaction", "e1", "legit", kBaseMicros + 30);
  ASSERT_TRUE(changed && *changed);
  EXPECT_EQ((*changed)->label, "legit");
  EXPECT_EQ((*changed)->label_micros, kBaseMicros + 30);
}

TEST_F(EventStoreTest, LabelEventOfAnUnknownEventChangesNothing) {
  auto store = Open();
  ASSERT_TRUE(store->PutEvent(MakeEvent("e1")));
  auto missing = store->LabelEvent("transaction", "e2", "fraud", kBaseMicros);
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(*missing);
  EXPECT_FALSE(*store->LabelEvent("login", "e1", "fraud", kBaseMicros));  // the key has the type
  EXPECT_FALSE(Event(*store, "transaction", "e2"));
  EXPECT_FALSE(Event(*store, "transaction", "e1")->label);
}

TEST_F(EventStoreTest, LabelEventRefusesBadInput) {
  auto store = Open();
  ASSERT_TRUE(store->PutEvent(MakeEvent("e1")));
  auto empty = store->LabelEvent("transaction", "e1", "", kBaseMicros);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().field, "label");
  auto too_late = store->LabelEvent("transaction", "e1", "fraud", int64_t{400'000'000'000'000'000});
  ASSERT_FALSE(too_late);
  EXPECT_EQ(too_late.error().field, "label_timestamp");
  EXPECT_FALSE(Event(*store, "transaction", "e1")->label);
  EXPECT_TRUE(store->Healthy());
}

TEST_F(EventStoreTest, DeleteEventKeepsTheDecision) {
  auto store = Open();
  ASSERT_TRUE(AppendAndWait(*store, MakeRecordWithEvent("e1")));
  EXPECT_TRUE(*store->DeleteEvent("transaction", "e1"));
  EXPECT_FALSE(*store->DeleteEvent("transaction", "e1"));
  EXPECT_FALSE(Event(*store, "transaction", "e1"));
  EXPECT_TRUE(*store->GetDecision("e1"));
  auto report = store->VerifyChain();
  ASSERT_TRUE(report && report->ok());
}

TEST_F(EventStoreTest, CountEventsCountsTheEventTypesOwnAndFollowsDeletes) {
  auto store = Open();
  ASSERT_TRUE(store->PutEvent(MakeEvent("a", 2)));
  ASSERT_TRUE(store->PutEvent(MakeEvent("b", 4)));
  ASSERT_TRUE(store->PutEvent(MakeEvent("other", 1)));  // a login
  ASSERT_TRUE(AppendAndWait(*store, MakeRecordWithEvent("c")));
  EXPECT_EQ(*store->CountEvents("transaction"), 3);
  EXPECT_EQ(*store->CountEvents("login"), 1);
  EXPECT_EQ(*store->CountEvents("no_such_type"), 0);
  ASSERT_TRUE(*store->DeleteEvent("transaction", "b"));
  EXPECT_EQ(*store->CountEvents("transaction"), 2);
}

TEST_F(EventStoreTest, EventsAndLabelsSurviveReopen) {
  {
    auto store = Open();
    ASSERT_TRUE(AppendAndWait(*store, MakeRecordWithEvent("decided")));
    ASSERT_TRUE(store->PutEvent(MakeEvent("sent", 1)));
    ASSERT_TRUE(store->LabelEvent("transaction", "decided", "fraud", kBaseMicros + 1));
    ASSERT_TRUE(store->Close());
  }
  auto store = Open();
  auto decided = Event(*store, "transaction", "decided");
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->label, "fraud");
  EXPECT_EQ(decided->label_micros, kBaseMicros + 1);
  EXPECT_TRUE(Event(*store, "login", "sent"));
}

}  // namespace
}  // namespace vigil::store
