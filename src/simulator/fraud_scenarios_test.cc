#include "simulator/fraud_scenarios.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "simulator/test_world.h"

namespace vigil::simulator {
namespace {

// A world of the book's density, and its transactions before and after the scenarios.
class FraudScenariosTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new TestWorld(1000, 2000, 90, 7);
    labelled_ = new std::vector<Transaction>(world_->transactions);
    counts_ = ApplyFraudScenarios(*labelled_, 1000, 2000, world_->days, world_->seed);
    terminal_days_ = new std::vector<std::vector<uint32_t>>(2000);
    customer_days_ = new std::vector<std::vector<uint32_t>>(1000);
    for (uint32_t day = 0; day < world_->days; ++day) {
      for (uint32_t t : CompromisedTerminals(world_->seed, day, 2000))
        (*terminal_days_)[t].push_back(day);
      for (uint32_t c : CompromisedCustomers(world_->seed, day, 1000))
        (*customer_days_)[c].push_back(day);
    }
  }
  static void TearDownTestSuite() {
    delete world_;
    delete labelled_;
    delete terminal_days_;
    delete customer_days_;
  }

  // Whether one of the days an entity was drawn on lies in (day - window, day].
  static bool DrawnWithin(const std::vector<uint32_t>& drawn_days, uint32_t day, uint32_t window) {
    return std::any_of(drawn_days.begin(), drawn_days.end(),
                       [&](uint32_t d) { return d <= day && day < d + window; });
  }

  static bool TerminalCompromised(uint32_t terminal, uint32_t day) {
    return DrawnWithin((*terminal_days_)[terminal], day, kScenario2Days);
  }
  static bool CustomerCompromised(uint32_t customer, uint32_t day) {
    return DrawnWithin((*customer_days_)[customer], day, kScenario3Days);
  }

  static TestWorld* world_;
  static std::vector<Transaction>* labelled_;
  static ScenarioCounts counts_;
  static std::vector<std::vector<uint32_t>>* terminal_days_;  // the days each was compromised
  static std::vector<std::vector<uint32_t>>* customer_days_;
};

TestWorld* FraudScenariosTest::world_ = nullptr;
std::vector<Transaction>* FraudScenariosTest::labelled_ = nullptr;
ScenarioCounts FraudScenariosTest::counts_;
std::vector<std::vector<uint32_t>>* FraudScenariosTest::terminal_days_ = nullptr;
std::vector<std::vector<uint32_t>>* FraudScenariosTest::customer_days_ = nullptr;

TEST_F(FraudScenariosTest, CountsAreTheLabels) {
  ScenarioCounts counted;
  for (const Transaction& t : *labelled_) ++counted.by_scenario[t.fraud_scenario];
  EXPECT_EQ(counted.by_scenario, counts_.by_scenario);
  EXPECT_EQ(counts_.frauds() + counts_.by_scenario[0], labelled_->size());
  for (int s = 1; s <= 3; ++s) EXPECT_GT(counts_.by_scenario[s], 0u) << s;
}

TEST_F(FraudScenariosTest, EveryAmountAbove220IsFraud) {
  for (size_t i = 0; i < labelled_->size(); ++i) {
    const Transaction& before = world_->transactions[i];
    const Transaction& after = (*labelled_)[i];
    if (before.amount_cents > 220'00) {
      ASSERT_TRUE(after.fraud()) << i;
    }
    if (after.amount_cents > 220'00) {
      ASSERT_TRUE(after.fraud()) << i;
    }
    if (after.fraud_scenario == 1) {
      ASSERT_GT(after.amount_cents, 220'00) << i;
    }
  }
}

TEST_F(FraudScenariosTest, CompromisedTerminalsNext28DaysAreFraud) {
  for (const Transaction& t : *labelled_) {
    const bool compromised = TerminalCompromised(t.terminal_id, t.day());
    if (compromised) {
      ASSERT_TRUE(t.fraud_scenario == 2 || t.fraud_scenario == 3);
    }
    if (t.fraud_scenario == 2) {
      ASSERT_TRUE(compromised);
    }
  }
  // Day 0's terminals: fraud through day 27, not from day 28 on (unless drawn again).
  for (uint32_t terminal : CompromisedTerminals(world_->seed, 0, 2000)) {
    for (const Transaction& t : *labelled_) {
      if (t.terminal_id != terminal) continue;
      if (t.day() < 28) {
        EXPECT_TRUE(t.fraud());
      }
      if (t.day() >= 28 && !TerminalCompromised(terminal, t.day())) {
        EXPECT_NE(t.fraud_scenario, 2);
      }
    }
  }
}

TEST_F(FraudScenariosTest, CompromisedCustomersThirdOfNext14DaysTimesFive) {
  uint64_t in_windows = 0, scenario3 = 0;
  for (size_t i = 0; i < labelled_->size(); ++i) {
    const Transaction& before = world_->transactions[i];
    const Transaction& after = (*labelled_)[i];
    const bool compromised = CustomerCompromised(after.customer_id, after.day());
    in_windows += compromised;
    if (after.fraud_scenario != 3) {
      ASSERT_EQ(after.amount_cents, before.amount_cents) << i;
      continue;
    }
    ++scenario3;
    ASSERT_TRUE(compromised) << i;
    // Times 5, or 25 when two overlapping windows of the customer both drew it.
    ASSERT_TRUE(after.amount_cents == 5 * before.amount_cents ||
                after.amount_cents == 25 * before.amount_cents)
        << i;
  }
  EXPECT_NEAR(static_cast<double>(scenario3) / static_cast<double>(in_windows), 1.0 / 3, 0.04);
}

TEST(FraudScenarios, OneDayDrawsAThirdOfTheCompromisedCustomersTransactions) {
  // 10 customers with 10 transactions each of 10.00, all on day 0, 100 terminals.
  std::vector<Transaction> transactions;
  for (uint32_t second = 0; second < 10; ++second) {
    for (uint32_t customer = 0; customer < 10; ++customer) {
      transactions.push_back({10'00, 36000 + second, customer, customer * 10 + second, 0});
    }
  }
  const auto counts = ApplyFraudScenarios(transactions, 10, 100, 1, 3);
  const auto customers = CompromisedCustomers(3, 0, 10);
  ASSERT_EQ(customers.size(), 3u);
  EXPECT_EQ(counts.by_scenario[1], 0u);
  EXPECT_EQ(counts.by_scenario[3], 30u / 3);
  // Each terminal has one transaction: the two compromised ones are scenario 2, unless scenario 3
  // relabelled them.
  uint64_t relabelled = 0;
  for (uint32_t terminal : CompromisedTerminals(3, 0, 100)) {
    relabelled += transactions[terminal % 10 * 10 + terminal / 10].fraud_scenario == 3;
  }
  EXPECT_EQ(counts.by_scenario[2] + relabelled, 2u);
  for (const Transaction& t : transactions) {
    const bool compromised =
        std::find(customers.begin(), customers.end(), t.customer_id) != customers.end();
    if (t.fraud_scenario == 3) {
      EXPECT_TRUE(compromised);
      EXPECT_EQ(t.amount_cents, 50'00);
    } else {
      EXPECT_EQ(t.amount_cents, 10'00);
    }
  }
}

TEST(FraudScenarios, FewerEntitiesThanDrawsCompromisesAll) {
  EXPECT_EQ(CompromisedTerminals(0, 0, 1), std::vector<uint32_t>{0});
  EXPECT_EQ(CompromisedCustomers(0, 0, 2), (std::vector<uint32_t>{0, 1}));
  const auto drawn = CompromisedCustomers(0, 5, 1000);
  EXPECT_EQ(drawn.size(), 3u);
  EXPECT_NE(drawn[0], drawn[1]);
  EXPECT_NE(drawn[1], drawn[2]);
  EXPECT_NE(drawn[0], drawn[2]);
}

}  // namespace
}  // namespace vigil::simulator
