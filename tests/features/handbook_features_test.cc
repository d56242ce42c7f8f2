// The Fraud Detection Handbook's 15 features (transaction-simulator.md §1.3) for a whole
// simulated history, computed by the variables declared in examples/card_payments.yaml (the
// amount, two derived from the time, twelve aggregates) and nothing else, must equal what a
// direct computation over the same transactions gives. Decisions run in time order; each label reaches the windows at its
// label time (the payment's time plus 7 days, as the simulator writes it), before any payment of
// the same instant, the way a replay of the stored history delivers them.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/detector_document.h"
#include "core/yaml.h"
#include "engine/decide.h"
#include "engine/test_catalog.h"
#include "simulator/options.h"
#include "simulator/simulate.h"

namespace vigil {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;
constexpr int64_t kDelay = 7 * kDay;
constexpr int kWindows[] = {1, 7, 30};

engine::SnapshotPtr CardPayments() {
  auto snapshot = engine::Snapshot::Build(std::make_shared<catalog::Catalog>(
      engine::testing::ExampleCatalog("card_payments.yaml")));
  EXPECT_TRUE(snapshot) << snapshot.error().message;
  return *snapshot;
}

struct Features {
  bool weekend;
  bool night;
  int64_t customer_count[3];
  double customer_mean[3];
  int64_t terminal_count[3];
  double terminal_risk[3];
};

// The direct computation: for payment i, its calendar time, and a scan of the customer's and the
// terminal's payments. Times are microseconds since the epoch.
std::vector<Features> Direct(const std::vector<simulator::Transaction>& txs, int64_t start) {
  std::map<uint32_t, std::vector<size_t>> by_customer, by_terminal;
  for (size_t i = 0; i < txs.size(); ++i) {
    by_customer[txs[i].customer_id].push_back(i);
    by_terminal[txs[i].terminal_id].push_back(i);
  }
  auto time = [&](size_t i) {
    return start + static_cast<int64_t>(txs[i].time_seconds) * kSecond;
  };
  std::vector<Features> out(txs.size());
  for (size_t i = 0; i < txs.size(); ++i) {
    const int64_t t = time(i);
    namespace chrono = std::chrono;
    const chrono::sys_time<chrono::microseconds> when{chrono::microseconds(t)};
    const chrono::weekday weekday{chrono::floor<chrono::days>(when)};
    out[i].weekend = weekday == chrono::Saturday || weekday == chrono::Sunday;
    out[i].night = chrono::hh_mm_ss(when - chrono::floor<chrono::days>(when)).hours().count() <= 6;
    for (int w = 0; w < 3; ++w) {
      const int64_t window = kWindows[w] * kDay;
      // The customer's payments in (t - window, t], up to this one (those after it in the
      // history, even at the same second, have not happened yet).
      int64_t count = 0;
      double sum = 0;
      for (size_t j : by_customer[txs[i].customer_id]) {
        if (j > i) break;
        if (time(j) > t - window) {
          ++count;
          sum += static_cast<double>(txs[j].amount_cents) / 100;
        }
      }
      out[i].customer_count[w] = count;
      out[i].customer_mean[w] = sum / static_cast<double>(count);
      // The terminal's payments in (t - window - 7 d, t - 7 d], and how many were fraud.
      int64_t terminal = 0, frauds = 0;
      for (size_t j : by_terminal[txs[i].terminal_id]) {
        if (time(j) > t - kDelay) break;
        if (time(j) > t - kDelay - window) {
          ++terminal;
          frauds += txs[j].fraud();
        }
      }
      out[i].terminal_count[w] = terminal;
      out[i].terminal_risk[w] =
          terminal == 0 ? 0.0 : static_cast<double>(frauds) / static_cast<double>(terminal);
    }
  }
  return out;
}

TEST(HandbookFeatures, DeclaredAggregatesMatchADirectComputation) {
  simulator::SimulatorOptions options;
  options.customers = 300;
  options.terminals = 600;
  options.days = 75;
  options.seed = 7;
  auto dataset = simulator::Simulate(options);
  ASSERT_TRUE(dataset) << dataset.error().message;
  const auto& txs = dataset->transactions;
  ASSERT_GT(txs.size(), 10'000u);
  auto start_day = simulator::StartDay(options);
  ASSERT_TRUE(start_day);
  const int64_t start = *start_day * kDay;
  const std::vector<Features> want = Direct(txs, start);

  engine::SnapshotPtr snapshot = CardPayments();
  const engine::CompiledEventType& event_type = *snapshot->FindEventType("card_transaction");
  auto slot = [&](const std::string& name) {
    return static_cast<size_t>(event_type.slot_of.at(name));
  };
  struct Pending {  // a label on its way: known 7 days after the payment
    int64_t label_time;
    std::string event_id;
    int64_t event_time;
    std::vector<Value> values;
    std::string customer;
    bool fraud;
  };
  std::deque<Pending> labels;
  size_t checked = 0, frauds_seen = 0, weekend_seen = 0, night_seen = 0;
  for (size_t i = 0; i < txs.size(); ++i) {
    const int64_t t = start + static_cast<int64_t>(txs[i].time_seconds) * kSecond;
    while (!labels.empty() && labels.front().label_time <= t) {
      const Pending& p = labels.front();
      const std::string_view ids[] = {p.customer};
      event_type.aggregates.Label(p.event_id, p.event_time, ids, p.values,
                                  p.fraud ? "fraud" : "legit");
      labels.pop_front();
    }
    engine::EventInput input;
    input.event_id = std::to_string(i);
    input.detector_id = "card_payments";
    input.event_micros = t;
    input.fields = {{"customer_id", Value::String(std::to_string(txs[i].customer_id))},
                    {"terminal_id", Value::String(std::to_string(txs[i].terminal_id))},
                    {"tx_amount", Value::Float(static_cast<double>(txs[i].amount_cents) / 100)}};
    auto d = engine::Decide(snapshot, input, t);
    ASSERT_TRUE(d) << d.error().message;
    const double amount = static_cast<double>(txs[i].amount_cents) / 100;
    ASSERT_EQ(d->values[slot("tx_amount")], Value::Float(amount)) << "payment " << i;
    ASSERT_EQ(d->values[slot("tx_during_weekend")], Value::Boolean(want[i].weekend))
        << "payment " << i;
    ASSERT_EQ(d->values[slot("tx_during_night")], Value::Boolean(want[i].night)) << "payment " << i;
    weekend_seen += want[i].weekend;
    night_seen += want[i].night;
    for (int w = 0; w < 3; ++w) {
      const std::string n = std::to_string(kWindows[w]);
      const std::string where = "payment " + std::to_string(i) + ", " + n + " days";
      ASSERT_EQ(d->values[slot("customer_id_nb_tx_" + n + "day_window")],
                Value::Integer(want[i].customer_count[w]))
          << where;
      const Value& mean = d->values[slot("customer_id_avg_amount_" + n + "day_window")];
      ASSERT_TRUE(mean.is_float()) << where;
      ASSERT_NEAR(mean.floating(), want[i].customer_mean[w], 1e-9 * want[i].customer_mean[w])
          << where;
      ASSERT_EQ(d->values[slot("terminal_id_nb_tx_" + n + "day_window")],
                Value::Integer(want[i].terminal_count[w]))
          << where;
      const Value& risk = d->values[slot("terminal_id_risk_" + n + "day_window")];
      ASSERT_TRUE(risk.is_float()) << where;
      ASSERT_NEAR(risk.floating(), want[i].terminal_risk[w], 1e-12) << where;
      if (want[i].terminal_risk[w] > 0) ++frauds_seen;
    }
    ++checked;
    labels.push_back({t + kDelay, input.event_id, t, d->values,
                      std::to_string(txs[i].customer_id), txs[i].fraud()});
  }
  EXPECT_EQ(checked, txs.size());
  EXPECT_GT(frauds_seen, 1000u);  // the risk features were not all 0: labels did arrive
  // Both time features take both values (2 days in 7; about a seventh of payments at night).
  EXPECT_NEAR(static_cast<double>(weekend_seen) / static_cast<double>(checked), 2.0 / 7, 0.03);
  EXPECT_GT(night_seen, checked / 20);
  EXPECT_LT(night_seen, checked / 2);
}

}  // namespace
}  // namespace vigil
