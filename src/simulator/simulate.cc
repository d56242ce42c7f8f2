#include "simulator/simulate.h"

#include "simulator/profiles.h"
#include "simulator/transactions.h"

namespace vigil::simulator {

Result<Dataset> Simulate(const SimulatorOptions& options, const Progress& progress) {
  VIGIL_CHECK(Validate(options));
  VIGIL_TRY(start_day, StartDay(options));
  const auto customers = GenerateCustomerProfiles(options.customers, options.seed);
  const auto terminals = GenerateTerminalProfiles(options.terminals, options.seed);
  const TerminalAssociation association(customers, terminals, options.radius);

  Dataset dataset;
  dataset.start_day = start_day;
  dataset.days = options.days;
  dataset.customer_terminal_pairs = association.pair_count();
  std::function<void(uint64_t, uint64_t)> on_customer_done;
  if (progress) {
    on_customer_done = [&progress](uint64_t done, uint64_t total) {
      progress("transactions", done, total);
    };
  }
  dataset.transactions =
      GenerateTransactions(customers, association, options.days, options.seed, on_customer_done);
  if (progress) progress("scenarios", 0, 1);
  dataset.counts = ApplyFraudScenarios(dataset.transactions, options.customers, options.terminals,
                                       options.days, options.seed);
  if (progress) progress("scenarios", 1, 1);
  return dataset;
}

}  // namespace vigil::simulator
