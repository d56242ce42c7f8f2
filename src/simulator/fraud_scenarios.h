// The three fraud scenarios of the book (section 3.2, step 5), applied in this order to the
// time-ordered transactions; a later scenario can relabel a transaction an earlier one marked:
//   1. every transaction with an amount above 220.00 is fraud;
//   2. on each day d, 2 distinct terminals drawn uniformly (stream kCompromisedTerminals, index d)
//      are compromised: all their transactions of days d..d+27 are fraud;
//   3. on each day d, 3 distinct customers drawn uniformly (stream kCompromisedCustomers, index d)
//      are compromised: of their transactions of days d..d+13, taken together in time order,
//      floor(n / 3) drawn without replacement (partial Fisher-Yates, UniformIndex, the same
//      stream going on) get their amount multiplied by 5 and are fraud.
// Days run over 0..days-1; a window that passes the last day is cut there.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "simulator/transaction.h"

namespace vigil::simulator {

// The book's parameters, named.
constexpr int64_t kScenario1AmountAboveCents = 220'00;
constexpr uint32_t kScenario2TerminalsPerDay = 2;
constexpr uint32_t kScenario2Days = 28;
constexpr uint32_t kScenario3CustomersPerDay = 3;
constexpr uint32_t kScenario3Days = 14;
constexpr uint32_t kScenario3OneIn = 3;  // the share of their transactions that are fraud: 1/3
constexpr int64_t kScenario3AmountFactor = 5;

// How many transactions each scenario labelled last: by_scenario[s], s = 0 (legitimate)..3.
struct ScenarioCounts {
  std::array<uint64_t, 4> by_scenario{};
  uint64_t frauds() const { return by_scenario[1] + by_scenario[2] + by_scenario[3]; }
};

// The terminals compromised on `day` (scenario 2) and the customers compromised on `day`
// (scenario 3), in drawing order: distinct values drawn with UniformIndex, a repeat drawn again.
std::vector<uint32_t> CompromisedTerminals(uint64_t seed, uint32_t day, uint32_t terminals);
std::vector<uint32_t> CompromisedCustomers(uint64_t seed, uint32_t day, uint32_t customers);

// Precondition: `transactions` sorted by time, all legitimate, customer ids < customers and
// terminal ids < terminals, times below days * 86,400. With fewer than 2 terminals or 3
// customers, all of them are compromised each day.
ScenarioCounts ApplyFraudScenarios(std::span<Transaction> transactions, uint32_t customers,
                                   uint32_t terminals, uint32_t days, uint64_t seed);

}  // namespace vigil::simulator
