#include "simulator/profiles.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::simulator {
namespace {

TEST(Profiles, CustomersDrawTheBooksRanges) {
  const auto customers = GenerateCustomerProfiles(5000, 0);
  ASSERT_EQ(customers.size(), 5000u);
  double mean_rate = 0;
  for (const CustomerProfile& c : customers) {
    EXPECT_GE(c.x, 0);
    EXPECT_LT(c.x, 100);
    EXPECT_GE(c.y, 0);
    EXPECT_LT(c.y, 100);
    EXPECT_GE(c.mean_amount, 5);
    EXPECT_LT(c.mean_amount, 100);
    EXPECT_EQ(c.std_amount, c.mean_amount / 2);
    EXPECT_GE(c.mean_tx_per_day, 0);
    EXPECT_LT(c.mean_tx_per_day, 4);
    mean_rate += c.mean_tx_per_day / customers.size();
  }
  EXPECT_NEAR(mean_rate, 2, 0.1);
}

TEST(Profiles, SameSeedSameProfilesOtherSeedOthers) {
  const auto a = GenerateTerminalProfiles(100, 5), b = GenerateTerminalProfiles(100, 5),
             c = GenerateTerminalProfiles(100, 6);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].x, b[i].x);
    EXPECT_EQ(a[i].y, b[i].y);
  }
  EXPECT_NE(a[0].x, c[0].x);
  // Customers and terminals draw from their own streams.
  EXPECT_NE(GenerateCustomerProfiles(1, 5)[0].x, a[0].x);
}

std::vector<uint32_t> BruteForce(const CustomerProfile& c, const std::vector<TerminalProfile>& ts,
                                 double radius) {
  std::vector<uint32_t> ids;
  for (uint32_t t = 0; t < ts.size(); ++t) {
    const double dx = ts[t].x - c.x, dy = ts[t].y - c.y;
    if (dx * dx + dy * dy < radius * radius) ids.push_back(t);
  }
  return ids;
}

TEST(TerminalAssociation, IsEveryTerminalWithinTheRadiusInIdOrder) {
  const auto customers = GenerateCustomerProfiles(300, 1);
  const auto terminals = GenerateTerminalProfiles(2000, 1);
  for (double radius : {0.01, 0.5, 5.0, 33.4, 150.0}) {
    const TerminalAssociation association(customers, terminals, radius);
    ASSERT_EQ(association.customer_count(), customers.size());
    for (uint32_t c = 0; c < customers.size(); ++c) {
      const auto got = association.TerminalsOf(c);
      ASSERT_EQ(std::vector<uint32_t>(got.begin(), got.end()),
                BruteForce(customers[c], terminals, radius))
          << "customer " << c << " radius " << radius;
    }
  }
}

TEST(TerminalAssociation, RadiusFiveGivesAboutEightyTerminals) {
  // pi 5^2 = 78.5 terminals at the book's density of one per unit square, fewer near the edges.
  const auto customers = GenerateCustomerProfiles(5000, 0);
  const auto terminals = GenerateTerminalProfiles(10000, 0);
  const TerminalAssociation association(customers, terminals, 5);
  const double mean = static_cast<double>(association.pair_count()) / customers.size();
  EXPECT_GT(mean, 70);
  EXPECT_LT(mean, 80);
}

}  // namespace
}  // namespace vigil::simulator
