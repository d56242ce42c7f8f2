// `vigil simulate`: generates the Fraud Detection Handbook's card-transaction dataset
// (src/simulator) and writes it as AFD stored-event CSV, or sends it live to a server's /detect
// (cli/simulate_send.h), as the Handbook's card payments or, with --shape seed, as the seed's
// transactions (simulator/event_shape.h). Progress and a summary go to stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/simulate_send.h"
#include "simulator/options.h"

namespace vigil::cli {

struct SimulateFlags {
  simulator::SimulatorOptions options;
  std::string output;            // a file, or "-" for standard output
  bool scenario_column = false;  // adds tx_fraud_scenario
  std::string shape = "card";    // simulator::ParseEventShape: "card" or "seed"
  SendFlags send;                // send.server set: sent live to /detect instead of written
};

// Adds the subcommand and its flags (bound to `flags`) to `app`; returns it.
CLI::App* AddSimulateCommand(CLI::App& app, SimulateFlags& flags);

// Exit status: 0 written (or sent), 1 the output could not be written (the server could not be
// reached), 2 an option is out of range, 3 some requests were not answered 2xx.
int RunSimulate(const SimulateFlags& flags);

}  // namespace vigil::cli
