#include "simulator/transactions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "simulator/test_world.h"

namespace vigil::simulator {
namespace {

TEST(Transactions, SortedByTimeThenCustomer) {
  const TestWorld world(500, 1000, 30, 1);
  ASSERT_GT(world.transactions.size(), 500u * 30);
  for (size_t i = 1; i < world.transactions.size(); ++i) {
    const Transaction &a = world.transactions[i - 1], &b = world.transactions[i];
    ASSERT_LE(a.time_seconds, b.time_seconds) << i;
    if (a.time_seconds == b.time_seconds) {
      ASSERT_LE(a.customer_id, b.customer_id) << i;
    }
  }
  EXPECT_LT(world.transactions.back().time_seconds, 30 * kSecondsPerDay);
}

TEST(Transactions, SameSeedSameTransactions) {
  const TestWorld a(200, 400, 20, 9), b(200, 400, 20, 9);
  ASSERT_EQ(a.transactions.size(), b.transactions.size());
  for (size_t i = 0; i < a.transactions.size(); ++i) {
    ASSERT_EQ(a.transactions[i].time_seconds, b.transactions[i].time_seconds);
    ASSERT_EQ(a.transactions[i].customer_id, b.transactions[i].customer_id);
    ASSERT_EQ(a.transactions[i].terminal_id, b.transactions[i].terminal_id);
    ASSERT_EQ(a.transactions[i].amount_cents, b.transactions[i].amount_cents);
  }
}

TEST(Transactions, CustomersUseOnlyTerminalsWithinTheRadius) {
  for (double radius : {2.0, 5.0, 12.0}) {
    const TestWorld world(300, 3000, 20, 2, radius);
    for (const Transaction& t : world.transactions) {
      const CustomerProfile& c = world.customers[t.customer_id];
      const TerminalProfile& terminal = world.terminals[t.terminal_id];
      ASSERT_LT(std::hypot(terminal.x - c.x, terminal.y - c.y), radius);
    }
  }
}

TEST(Transactions, CountPerDayIsTheCustomersRate) {
  // Poisson(rate) a day, less the 3.1% whose time of day falls outside the day.
  const TestWorld world(400, 2000, 100, 3);
  std::vector<double> count(world.customers.size());
  for (const Transaction& t : world.transactions) ++count[t.customer_id];
  double expected = 0, got = 0;
  for (uint32_t c = 0; c < world.customers.size(); ++c) {
    if (world.association.TerminalsOf(c).empty()) continue;
    const double rate = world.customers[c].mean_tx_per_day * 0.9692 * world.days;
    EXPECT_NEAR(count[c], rate, 5 * std::sqrt(rate) + 1) << c;
    expected += rate;
    got += count[c];
  }
  EXPECT_NEAR(got / expected, 1, 0.02);
}

TEST(Transactions, AmountMeanPerCustomerIsItsProfile) {
  // Normal(m, m/2) with the 2.3% negative draws replaced by U(0, 2m): the mean is m + 2.7%
  // (the replaced draws averaged -0.18 m, their replacements m).
  const TestWorld world(300, 1000, 183, 4);
  std::vector<double> sum(world.customers.size()), count(world.customers.size());
  for (const Transaction& t : world.transactions) {
    ASSERT_GE(t.amount_cents, 0);
    sum[t.customer_id] += t.amount_cents / 100.0;
    ++count[t.customer_id];
  }
  int checked = 0;
  for (uint32_t c = 0; c < world.customers.size(); ++c) {
    if (count[c] < 100) continue;
    const double m = world.customers[c].mean_amount;
    EXPECT_NEAR(sum[c] / count[c], 1.027 * m, 5 * (m / 2) / std::sqrt(count[c])) << c;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(Transactions, TimeOfDayCentersOnNoon) {
  const TestWorld world(1000, 2000, 60, 5);
  double sum = 0, sum2 = 0;
  for (const Transaction& t : world.transactions) {
    const double s = t.time_seconds % kSecondsPerDay;
    sum += s;
    sum2 += s * s;
  }
  const double n = static_cast<double>(world.transactions.size());
  const double mean = sum / n;
  EXPECT_NEAR(mean, 43200, 300);  // standard error about 60
  // Normal(43200, 20000) cut at 2.16 deviations either side: the deviation shrinks to
  // 20,000 sqrt(1 - 2 a phi(a) / (2 Phi(a) - 1)) = 18,190 for a = 2.16.
  EXPECT_NEAR(std::sqrt(sum2 / n - mean * mean), 18190, 200);
}

TEST(Transactions, NegativeAmountsAreReplacedByUniformDraws) {
  // A profile far from the book's, so that half the normal draws are negative: Normal(10, 100)
  // is below 0 46% of the time and in [0, 20) 8%; the negative ones become U(0, 20), so 54% of
  // the amounts are in [0, 20), spread evenly, and none is negative.
  CustomerProfile profile;
  profile.mean_amount = 10;
  profile.std_amount = 100;
  profile.mean_tx_per_day = 3;
  const std::vector<uint32_t> terminals = {0};
  std::vector<Transaction> out;
  GenerateCustomerTransactions(0, profile, terminals, 5000, 6, out);
  ASSERT_GT(out.size(), 10000u);
  std::vector<double> low_halves(2);
  double low = 0;
  for (const Transaction& t : out) {
    ASSERT_GE(t.amount_cents, 0);
    if (t.amount_cents < 20'00) {
      ++low;
      ++low_halves[t.amount_cents < 10'00 ? 0 : 1];
    }
  }
  EXPECT_NEAR(low / out.size(), 0.46 + 0.08, 0.02);
  EXPECT_NEAR(low_halves[0] / low, 0.5, 0.02);
}

TEST(Transactions, CustomerWithoutTerminalsMakesNone) {
  CustomerProfile profile;
  profile.mean_amount = 50;
  profile.std_amount = 25;
  profile.mean_tx_per_day = 3;
  std::vector<Transaction> out;
  GenerateCustomerTransactions(0, profile, {}, 100, 0, out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace vigil::simulator
