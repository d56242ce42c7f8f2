// The whole simulation: profiles -> terminal association -> daily transactions -> fraud
// scenarios. The entry point of the library; `vigil simulate` is a thin shell around it.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "simulator/fraud_scenarios.h"
#include "simulator/options.h"
#include "simulator/transaction.h"

namespace vigil::simulator {

// The generated dataset, owned by the caller. transactions[i] is transaction id i.
struct Dataset {
  int64_t start_day = 0;  // days since 1970-01-01 of day 0
  uint32_t days = 0;
  std::vector<Transaction> transactions;  // sorted by time
  ScenarioCounts counts;
  uint64_t customer_terminal_pairs = 0;  // sum over customers of their usable terminals
};

// Called now and then from the calling thread: the stage ("transactions", "scenarios"), how far it
// is and how far it goes. Cheap to call; at most about a hundred times a stage.
using Progress = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

// Validates `options` (an error names the option in its `field`) and generates the dataset.
// Deterministic: the same options give the same dataset on every platform.
Result<Dataset> Simulate(const SimulatorOptions& options, const Progress& progress = {});

}  // namespace vigil::simulator
