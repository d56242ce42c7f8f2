// One simulated card payment, as the generator and the fraud scenarios see it.
#pragma once

#include <cstdint>

namespace vigil::simulator {

constexpr uint32_t kSecondsPerDay = 86'400;

// 24 bytes: the full dataset (1.75 million) is about 42 MB. The transaction id is its index in the
// time-ordered dataset.
struct Transaction {
  int64_t amount_cents = 0;   // >= 0; scenario 3 multiplies it by 5
  uint32_t time_seconds = 0;  // since the start day's midnight UTC
  uint32_t customer_id = 0;
  uint32_t terminal_id = 0;
  uint8_t fraud_scenario = 0;  // 0 = legitimate; 1, 2, 3 = the scenario that made it fraud

  uint32_t day() const { return time_seconds / kSecondsPerDay; }
  bool fraud() const { return fraud_scenario != 0; }
};

}  // namespace vigil::simulator
