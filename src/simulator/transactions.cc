#include "simulator/transactions.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "simulator/portable_math.h"
#include "simulator/random.h"

namespace vigil::simulator {

namespace {

constexpr double kMeanTimeOfDay = kSecondsPerDay / 2.0;  // noon
constexpr double kSdTimeOfDay = 20'000;

}  // namespace

void GenerateCustomerTransactions(uint32_t customer_id, const CustomerProfile& profile,
                                  std::span<const uint32_t> terminals, uint32_t days, uint64_t seed,
                                  std::vector<Transaction>& out) {
  if (terminals.empty()) return;
  Random random(StreamSeed(seed, Stream::kCustomerTransactions, customer_id));
  const double exp_minus_mean = PortableExp(-profile.mean_tx_per_day);
  for (uint32_t day = 0; day < days; ++day) {
    const uint32_t count = random.Poisson(exp_minus_mean);
    for (uint32_t i = 0; i < count; ++i) {
      const double time_of_day = random.Normal(kMeanTimeOfDay, kSdTimeOfDay);
      if (!(time_of_day > 0 && time_of_day < kSecondsPerDay)) continue;
      double amount = random.Normal(profile.mean_amount, profile.std_amount);
      if (amount < 0) amount = random.Uniform(0, 2 * profile.mean_amount);
      Transaction t;
      t.amount_cents = std::llround(amount * 100);
      t.time_seconds = day * kSecondsPerDay + static_cast<uint32_t>(time_of_day);
      t.customer_id = customer_id;
      t.terminal_id = terminals[random.UniformIndex(terminals.size())];
      out.push_back(t);
    }
  }
}

namespace {

// A stable sort by time_seconds: least-significant-digit radix sort, 11 bits a pass. Stable, so
// the generation order (customer by customer, each in drawing order) breaks ties. Several times
// faster than std::stable_sort on 1.75 million rows.
void SortByTime(std::vector<Transaction>& transactions) {
  constexpr int kBits = 11;
  constexpr uint32_t kBuckets = 1u << kBits;
  uint32_t max_time = 0;
  for (const Transaction& t : transactions) max_time = std::max(max_time, t.time_seconds);
  std::vector<Transaction> scratch(transactions.size());
  std::vector<size_t> start(kBuckets);
  for (int shift = 0; shift < 32 && (max_time >> shift) != 0; shift += kBits) {
    std::fill(start.begin(), start.end(), 0);
    for (const Transaction& t : transactions) ++start[(t.time_seconds >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& s : start) sum += std::exchange(s, sum);
    for (const Transaction& t : transactions) {
      scratch[start[(t.time_seconds >> shift) & (kBuckets - 1)]++] = t;
    }
    transactions.swap(scratch);
  }
}

}  // namespace

std::vector<Transaction> GenerateTransactions(
    std::span<const CustomerProfile> customers, const TerminalAssociation& association,
    uint32_t days, uint64_t seed,
    const std::function<void(uint64_t done, uint64_t total)>& on_customer_done) {
  std::vector<Transaction> transactions;
  double expected = 0;
  for (const CustomerProfile& c : customers) expected += c.mean_tx_per_day;
  transactions.reserve(static_cast<size_t>(expected * days * 1.01) + 1024);
  const uint32_t report_every =
      std::max<uint32_t>(1, static_cast<uint32_t>(customers.size() / 100));
  for (uint32_t c = 0; c < customers.size(); ++c) {
    GenerateCustomerTransactions(c, customers[c], association.TerminalsOf(c), days, seed,
                                 transactions);
    if (on_customer_done && ((c + 1) % report_every == 0 || c + 1 == customers.size())) {
      on_customer_done(c + 1, customers.size());
    }
  }
  SortByTime(transactions);
  return transactions;
}

}  // namespace vigil::simulator
