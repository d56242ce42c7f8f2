// The simulated population: customers (cards) and terminals on a 100 x 100 grid, and which
// terminals each customer uses (those within the radius). Book, section 3.2, steps 1-3.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil::simulator {

constexpr double kGridSize = 100;  // locations are uniform on [0, 100) x [0, 100)

// A customer's spending habits. Drawn in this order per customer, from the kCustomerProfiles
// stream: x, y ~ U(0, 100); mean_amount ~ U(5, 100); std_amount = mean_amount / 2;
// mean_tx_per_day ~ U(0, 4).
struct CustomerProfile {
  double x = 0;
  double y = 0;
  double mean_amount = 0;
  double std_amount = 0;
  double mean_tx_per_day = 0;
};

// A terminal's location: x, y ~ U(0, 100), in this order, from the kTerminalProfiles stream.
struct TerminalProfile {
  double x = 0;
  double y = 0;
};

std::vector<CustomerProfile> GenerateCustomerProfiles(uint32_t count, uint64_t seed);
std::vector<TerminalProfile> GenerateTerminalProfiles(uint32_t count, uint64_t seed);

// For each customer, the ids of the terminals at a distance below `radius` (dx^2 + dy^2 <
// radius^2), in ascending id order; possibly none. Immutable once built; safe to read from
// several threads.
class TerminalAssociation {
 public:
  // Precondition: radius > 0 and finite. Cost: about customers x (terminals within 2 radius).
  TerminalAssociation(std::span<const CustomerProfile> customers,
                      std::span<const TerminalProfile> terminals, double radius);

  std::span<const uint32_t> TerminalsOf(uint32_t customer_id) const {
    return {terminal_ids_.data() + offsets_[customer_id],
            terminal_ids_.data() + offsets_[customer_id + 1]};
  }
  uint32_t customer_count() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  // Total of all customers' lists.
  uint64_t pair_count() const { return terminal_ids_.size(); }

 private:
  std::vector<uint64_t> offsets_;  // customer c's terminals: [offsets_[c], offsets_[c + 1])
  std::vector<uint32_t> terminal_ids_;
};

}  // namespace vigil::simulator
