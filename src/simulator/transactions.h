// The daily generation of legitimate transactions (book, section 3.2, step 4), before any fraud.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "simulator/profiles.h"
#include "simulator/transaction.h"

namespace vigil::simulator {

// Draws every customer's transactions for days 0..days-1 from the customer's own stream
// (kCustomerTransactions, index = customer id). Per customer, day by day:
//   count ~ Poisson(mean_tx_per_day); then, for each of them, in this order:
//   time of day ~ Normal(43,200 s, 20,000 s); a draw outside (0, 86,400) drops the transaction
//     (nothing more is drawn for it), else its second is the draw truncated;
//   amount ~ Normal(mean_amount, std_amount), a negative draw replaced by
//     U(0, 2 mean_amount); rounded to cents (half away from zero);
//   terminal: UniformIndex over the customer's terminals (TerminalsOf order).
// A customer without terminals within the radius makes no transaction (and draws nothing).
//
// Returns them sorted by time; transactions in the same second are ordered by customer id, then
// in the order they were drawn. All fraud_scenario = 0.
// `on_customer_done(done, total)`, if set, is called from the calling thread now and then.
// One customer's transactions, in drawing order (day by day), appended to `out`: the part of
// GenerateTransactions above that is one customer's stream.
void GenerateCustomerTransactions(uint32_t customer_id, const CustomerProfile& profile,
                                  std::span<const uint32_t> terminals, uint32_t days, uint64_t seed,
                                  std::vector<Transaction>& out);

std::vector<Transaction> GenerateTransactions(
    std::span<const CustomerProfile> customers, const TerminalAssociation& association,
    uint32_t days, uint64_t seed,
    const std::function<void(uint64_t done, uint64_t total)>& on_customer_done = {});

}  // namespace vigil::simulator
