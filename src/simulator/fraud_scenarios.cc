#include "simulator/fraud_scenarios.h"

#include <algorithm>
#include <vector>

#include "simulator/random.h"

namespace vigil::simulator {

namespace {

// The transaction indices of each key (terminal or customer), in time order: a compressed
// row table built by counting.
class IndexByKey {
 public:
  template <typename KeyOf>
  IndexByKey(std::span<const Transaction> transactions, uint32_t keys, KeyOf key_of)
      : start_(static_cast<size_t>(keys) + 1, 0), indices_(transactions.size()) {
    for (const Transaction& t : transactions) ++start_[key_of(t) + 1];
    for (size_t k = 1; k < start_.size(); ++k) start_[k] += start_[k - 1];
    std::vector<uint32_t> next(start_.begin(), start_.end() - 1);
    for (uint32_t i = 0; i < transactions.size(); ++i)
      indices_[next[key_of(transactions[i])]++] = i;
  }

  // Indices of `key`'s transactions with a time in [from, to).
  std::span<const uint32_t> Within(std::span<const Transaction> transactions, uint32_t key,
                                   uint64_t from, uint64_t to) const {
    const uint32_t* first = indices_.data() + start_[key];
    const uint32_t* last = indices_.data() + start_[key + 1];
    auto before = [&](uint64_t time) {
      return [&transactions, time](uint32_t i) { return transactions[i].time_seconds < time; };
    };
    const uint32_t* begin = std::partition_point(first, last, before(from));
    const uint32_t* end = std::partition_point(begin, last, before(to));
    return {begin, end};
  }

 private:
  std::vector<uint32_t> start_;
  std::vector<uint32_t> indices_;
};

// `count` distinct values of [0, n) drawn uniformly, by rejecting repeats (count is tiny).
std::vector<uint32_t> DrawDistinct(Random& random, uint32_t count, uint32_t n) {
  std::vector<uint32_t> drawn;
  if (count >= n) {
    for (uint32_t i = 0; i < n; ++i) drawn.push_back(i);
    return drawn;
  }
  while (drawn.size() < count) {
    const auto value = static_cast<uint32_t>(random.UniformIndex(n));
    if (std::find(drawn.begin(), drawn.end(), value) == drawn.end()) drawn.push_back(value);
  }
  return drawn;
}

uint64_t DayStart(uint64_t day) { return day * kSecondsPerDay; }

}  // namespace

std::vector<uint32_t> CompromisedTerminals(uint64_t seed, uint32_t day, uint32_t terminals) {
  Random random(StreamSeed(seed, Stream::kCompromisedTerminals, day));
  return DrawDistinct(random, kScenario2TerminalsPerDay, terminals);
}

std::vector<uint32_t> CompromisedCustomers(uint64_t seed, uint32_t day, uint32_t customers) {
  Random random(StreamSeed(seed, Stream::kCompromisedCustomers, day));
  return DrawDistinct(random, kScenario3CustomersPerDay, customers);
}

ScenarioCounts ApplyFraudScenarios(std::span<Transaction> transactions, uint32_t customers,
                                   uint32_t terminals, uint32_t days, uint64_t seed) {
  for (Transaction& t : transactions) {
    if (t.amount_cents > kScenario1AmountAboveCents) t.fraud_scenario = 1;
  }

  const IndexByKey by_terminal(transactions, terminals,
                               [](const Transaction& t) { return t.terminal_id; });
  for (uint32_t day = 0; day < days; ++day) {
    for (uint32_t terminal : CompromisedTerminals(seed, day, terminals)) {
      for (uint32_t i : by_terminal.Within(transactions, terminal, DayStart(day),
                                           DayStart(uint64_t{day} + kScenario2Days))) {
        transactions[i].fraud_scenario = 2;
      }
    }
  }

  const IndexByKey by_customer(transactions, customers,
                               [](const Transaction& t) { return t.customer_id; });
  std::vector<uint32_t> candidates;
  for (uint32_t day = 0; day < days; ++day) {
    // The same stream goes on to draw which of their transactions are fraud.
    Random random(StreamSeed(seed, Stream::kCompromisedCustomers, day));
    const auto compromised = DrawDistinct(random, kScenario3CustomersPerDay, customers);
    candidates.clear();
    for (uint32_t customer : compromised) {
      auto window = by_customer.Within(transactions, customer, DayStart(day),
                                       DayStart(uint64_t{day} + kScenario3Days));
      candidates.insert(candidates.end(), window.begin(), window.end());
    }
    std::sort(candidates.begin(), candidates.end());  // time order
    const size_t chosen = candidates.size() / kScenario3OneIn;
    for (size_t k = 0; k < chosen; ++k) {
      std::swap(candidates[k], candidates[k + random.UniformIndex(candidates.size() - k)]);
      Transaction& t = transactions[candidates[k]];
      t.amount_cents *= kScenario3AmountFactor;
      t.fraud_scenario = 3;
    }
  }

  ScenarioCounts counts;
  for (const Transaction& t : transactions) ++counts.by_scenario[t.fraud_scenario];
  return counts;
}

}  // namespace vigil::simulator
