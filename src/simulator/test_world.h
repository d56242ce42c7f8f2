// Tests: a small simulated population and its legitimate transactions.
#pragma once

#include <cstdint>
#include <vector>

#include "simulator/profiles.h"
#include "simulator/transactions.h"

namespace vigil::simulator {

struct TestWorld {
  TestWorld(uint32_t customer_count, uint32_t terminal_count, uint32_t day_count,
            uint64_t world_seed, double radius = 5)
      : days(day_count),
        seed(world_seed),
        customers(GenerateCustomerProfiles(customer_count, world_seed)),
        terminals(GenerateTerminalProfiles(terminal_count, world_seed)),
        association(customers, terminals, radius),
        transactions(GenerateTransactions(customers, association, days, seed)) {}

  uint32_t days;
  uint64_t seed;
  std::vector<CustomerProfile> customers;
  std::vector<TerminalProfile> terminals;
  TerminalAssociation association;
  std::vector<Transaction> transactions;  // legitimate, sorted by time
};

}  // namespace vigil::simulator
