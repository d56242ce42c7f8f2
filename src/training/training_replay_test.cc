// The training replay against a real SQLite store holding the card-payments example's events:
// each row holds its aggregates as they were at the event's time — labels counting from their
// label time, not from the end of history — and the serving windows are left alone.
#include "training/training_replay.h"

#include <gtest/gtest.h>


#include "api/event_row.h"
#include "engine/bind_event.h"
#include "engine/test_catalog.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::training {
namespace {

constexpr int64_t kHour = 3'600'000'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kStart = 1'530'403'200'000'000;  // 2018-07-01T00:00:00Z

catalog::CatalogPtr CardPayments() {
  return std::make_shared<const catalog::Catalog>(
      engine::testing::ExampleCatalog("card_payments.yaml"));
}

struct Payment {
  const char* id;
  int64_t micros;
  const char* customer;
  const char* terminal;
  double amount;
  const char* label;  // null: none
  int64_t label_micros;
};

class TrainingReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = CardPayments();
    auto snapshot = engine::Snapshot::Build(catalog_);
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    serving_ = *snapshot;
    store::StoreOptions options = store::testing::OptionsFor(dir_.Sub("data"));
    auto store = store::OpenSqliteStore(options);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  void Store(const std::vector<Payment>& payments) {
    const engine::CompiledEventType& type = *serving_->FindEventType("card_transaction");
    std::vector<store::StoredEvent> rows;
    for (const Payment& p : payments) {
      auto bound = engine::BindEvent({{"customer_id", Value::String(p.customer)},
                                      {"terminal_id", Value::String(p.terminal)},
                                      {"tx_amount", Value::Float(p.amount)}},
                                     type, p.micros);
      ASSERT_TRUE(bound) << bound.error().message;
      rows.push_back(api::EventRow(type, p.id, p.micros, bound->entities, bound->values));
      if (p.label) {
        rows.back().label = p.label;
        rows.back().label_micros = p.label_micros;
      }
    }
    ASSERT_TRUE(store_->PutEvents(rows));
  }

  Result<TrainingReplay> Replay(std::vector<std::string> inputs,
                                catalog::UnlabeledTreatment unlabeled =
                                    catalog::UnlabeledTreatment::kIgnore,
                                int64_t from_micros = INT64_MIN,
                                int64_t until_micros = INT64_MAX) {
    TrainingReplayOptions options;
    options.event_type = "card_transaction";
    options.inputs = std::move(inputs);
    options.labels = {{"fraud"}, {"legit"}, unlabeled};
    options.from_micros = from_micros;
    options.until_micros = until_micros;
    return ReplayTrainingSet(*store_, catalog_, options);
  }

  store::testing::TempDir dir_;
  catalog::CatalogPtr catalog_;
  engine::SnapshotPtr serving_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(TrainingReplayTest, EachRowSeesTheLabelsKnownAtItsTimeNotTheFinalOnes) {
  Store({
      {"a", kStart, "c1", "t", 10, "fraud", kStart + 7 * kDay},   // known a week later
      {"b", kStart + kHour, "c2", "t", 20, "fraud", kStart + 30 * kDay},  // known late
      {"c", kStart + 8 * kDay, "c3", "t", 30, "legit", kStart + 15 * kDay},
      {"d", kStart + 8 * kDay + kHour, "c3", "t", 40, nullptr, 0},  // never labelled
  });
  auto replay = Replay({"tx_amount", "terminal_id_risk_7day_window",
                        "terminal_id_nb_tx_7day_window", "customer_id_nb_tx_1day_window"});
  ASSERT_TRUE(replay) << replay.error().message;
  const ml::TrainingSet& set = replay->set;
  ASSERT_EQ(set.rows(), 3u);  // d has no label: left out
  EXPECT_EQ(replay->left_out, 1);
  EXPECT_EQ(replay->counts.events, 4);
  const auto& amount = set.columns[0].numbers;
  const auto& risk = set.columns[1].numbers;
  const auto& terminal_count = set.columns[2].numbers;
  const auto& customer_count = set.columns[3].numbers;
  EXPECT_EQ(amount, (std::vector<float>{10, 20, 30}));
  // c's window (t - 14 d, t - 7 d] holds a and b; at c's time only a's label is known.
  EXPECT_EQ(risk[2], 0.5f);
  EXPECT_EQ(terminal_count[2], 2.0f);
  EXPECT_EQ(risk[0], 0.0f);  // an empty window reads 0
  EXPECT_EQ(customer_count, (std::vector<float>{1, 1, 1}));
  EXPECT_EQ(set.fraud, (std::vector<uint8_t>{1, 1, 0}));
  ASSERT_EQ(set.entity_ids.size(), 3u);
  EXPECT_EQ(set.entity_ids[set.entity[2]], "c3");
  EXPECT_LE(set.micros[0], set.micros[1]);
  // The replay had windows of its own: the serving ones still wait for their rebuild.
  EXPECT_TRUE(serving_->FindEventType("card_transaction")->aggregates.NeedsRebuild());
}

TEST_F(TrainingReplayTest, ATimeWindowKeepsItsEventsAsRowsAndTheEarlierOnesAsHistory) {
  Store({
      {"a", kStart, "c1", "t", 10, "fraud", kStart + kHour},
      {"b", kStart + 8 * kDay, "c2", "t", 20, "legit", kStart + 9 * kDay},
      {"c", kStart + 9 * kDay, "c3", "t", 30, "fraud", kStart + 10 * kDay},
  });
  auto replay = Replay({"tx_amount", "terminal_id_nb_tx_7day_window"},
                       catalog::UnlabeledTreatment::kIgnore, kStart + kDay, kStart + 9 * kDay);
  ASSERT_TRUE(replay) << replay.error().message;
  ASSERT_EQ(replay->set.rows(), 1u);  // b only: a is before the window, c at its (open) end
  EXPECT_EQ(replay->set.columns[0].numbers, (std::vector<float>{20}));
  EXPECT_EQ(replay->left_out, 2);
  EXPECT_EQ(replay->counts.events, 3);
}

TEST_F(TrainingReplayTest, AutoCountsSettledUnlabelledEventsAsLegitimateAndLeavesRecentOnesOut) {
  std::vector<Payment> payments;
  for (int i = 0; i < 10; ++i) {  // frauds labelled a day after them
    payments.push_back({nullptr, kStart + i * kDay, "c1", "t1", 250, "fraud",
                        kStart + (i + 1) * kDay});
  }
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back("f" + std::to_string(i));
  for (int i = 0; i < 10; ++i) payments[static_cast<size_t>(i)].id = ids[static_cast<size_t>(i)].c_str();
  payments.push_back({"old", kStart + 2 * kDay, "c2", "t2", 5, nullptr, 0});
  payments.push_back({"new", kStart + 9 * kDay + kHour, "c2", "t2", 6, nullptr, 0});
  Store(payments);
  auto replay = Replay({"tx_amount"}, catalog::UnlabeledTreatment::kAuto);
  ASSERT_TRUE(replay) << replay.error().message;
  // Settled: older than the newest event less a day (every fraud's label delay).
  EXPECT_EQ(replay->set.rows(), 11u);
  EXPECT_EQ(replay->left_out, 1);
  EXPECT_EQ(std::count(replay->set.fraud.begin(), replay->set.fraud.end(), 0), 1);
  const auto& amount = replay->set.columns[0].numbers;
  EXPECT_NE(std::find(amount.begin(), amount.end(), 5.0f), amount.end());
  EXPECT_EQ(std::find(amount.begin(), amount.end(), 6.0f), amount.end());
}

TEST_F(TrainingReplayTest, StringInputsKeepTheirValuesForTheTargetEncoding) {
  Store({{"a", kStart, "c1", "t9", 10, "legit", kStart + kDay}});
  auto replay = Replay({"terminal_id", "tx_during_night"});
  ASSERT_TRUE(replay) << replay.error().message;
  ASSERT_EQ(replay->set.columns[0].values.size(), 1u);
  EXPECT_EQ(replay->set.columns[0].values[0], Value::String("t9"));
  EXPECT_EQ(replay->set.columns[1].numbers, (std::vector<float>{1}));  // midnight is night
}

TEST_F(TrainingReplayTest, BadInputsAreRefusedByName) {
  Store({{"a", kStart, "c1", "t", 10, "legit", kStart + kDay}});
  auto unknown = Replay({"tx_amount", "no_such_variable"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "inputs");
  EXPECT_NE(unknown.error().message.find("inputs[1] 'no_such_variable'"), std::string::npos);
  auto twice = Replay({"tx_amount", "tx_amount"});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);
  TrainingReplayOptions options;
  options.event_type = "no_such_type";
  options.labels = {{"fraud"}, {"legit"}};
  auto type = ReplayTrainingSet(*store_, catalog_, options);
  ASSERT_FALSE(type);
  EXPECT_EQ(type.error().code, ErrorCode::kNotFound);
  options.event_type = "card_transaction";
  options.labels = {{"chargeback"}, {"legit"}};
  EXPECT_FALSE(ReplayTrainingSet(*store_, catalog_, options));
}

TEST_F(TrainingReplayTest, NoInputsMeansEveryNumericVariable) {
  Store({{"a", kStart, "c1", "t", 10, "legit", kStart + kDay}});
  auto replay = Replay({});
  ASSERT_TRUE(replay) << replay.error().message;
  std::vector<std::string> names;
  for (const auto& c : replay->set.columns) names.push_back(c.variable);
  EXPECT_EQ(names.size(), 15u);  // the Handbook's features; terminal_id is a string
  EXPECT_EQ(std::count(names.begin(), names.end(), "terminal_id"), 0);
}

}  // namespace
}  // namespace vigil::training
