// `vigil simulate`: generates the Fraud Detection Handbook's card-transaction dataset
// (src/simulator) and writes it as AFD stored-event CSV. Progress and a summary go to stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "simulator/options.h"

namespace vigil::cli {

struct SimulateFlags {
  simulator::SimulatorOptions options;
  std::string output;            // a file, or "-" for standard output
  bool scenario_column = false;  // adds tx_fraud_scenario
};

// Adds the subcommand and its flags (bound to `flags`) to `app`; returns it.
CLI::App* AddSimulateCommand(CLI::App& app, SimulateFlags& flags);

// Exit status: 0 written, 1 the output could not be written, 2 an option is out of range.
int RunSimulate(const SimulateFlags& flags);

}  // namespace vigil::cli
