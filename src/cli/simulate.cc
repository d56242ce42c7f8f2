#include "cli/simulate.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

#include "cli/command_error.h"
#include "cli/progress_line.h"
#include "simulator/afd_csv.h"
#include "simulator/simulate.h"

namespace vigil::cli {

namespace {

// The flag that sets each SimulatorOptions field, for error messages.
std::string FlagOf(const std::string& field) {
  static const std::map<std::string, std::string> kFlags = {
      {"customers", "--customers"}, {"terminals", "--terminals"}, {"days", "--days"},
      {"start_date", "--start"},    {"radius", "--radius"},       {"seed", "--seed"}};
  auto it = kFlags.find(field);
  return it != kFlags.end() ? it->second : field;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void PrintSummary(const simulator::Dataset& dataset, const SimulateFlags& flags,
                  double generate_seconds, double total_seconds) {
  const auto& counts = dataset.counts.by_scenario;
  const uint64_t rows = dataset.transactions.size();
  const double fraud_percent =
      rows == 0 ? 0
                : 100.0 * static_cast<double>(dataset.counts.frauds()) / static_cast<double>(rows);
  const simulator::SimulatorOptions& o = flags.options;
  std::fprintf(
      stderr,
      "%llu transactions over %u days from %s (%u customers, %u terminals, radius %g, "
      "seed %llu)\n"
      "%llu frauds (%.3f%%): scenario 1 %llu, scenario 2 %llu, scenario 3 %llu\n"
      "%.2f s (generation %.2f s, writing %.2f s) -> %s\n",
      static_cast<unsigned long long>(rows), o.days, o.start_date.c_str(), o.customers, o.terminals,
      o.radius, static_cast<unsigned long long>(o.seed),
      static_cast<unsigned long long>(dataset.counts.frauds()), fraud_percent,
      static_cast<unsigned long long>(counts[1]), static_cast<unsigned long long>(counts[2]),
      static_cast<unsigned long long>(counts[3]), total_seconds, generate_seconds,
      total_seconds - generate_seconds, flags.output == "-" ? "stdout" : flags.output.c_str());
}

}  // namespace

CLI::App* AddSimulateCommand(CLI::App& app, SimulateFlags& flags) {
  CLI::App* sub = app.add_subcommand(
      "simulate", "Generate the Fraud Detection Handbook's card-transaction dataset as AFD CSV");
  simulator::SimulatorOptions& o = flags.options;
  auto* output =
      sub->add_option("-o,--output", flags.output, "CSV file to write ('-' for standard output)");
  auto* send = sub->add_option("--send", flags.send.server,
                               "Send each payment live to this server's /detect instead "
                               "(http://host:port), in time order");
  output->excludes(send);
  sub->add_option("--rate", flags.send.rate, "--send: payments per second")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1e6));
  sub->add_option("--limit", flags.send.limit, "--send: at most this many payments (0: all)")
      ->capture_default_str();
  sub->add_option("--shape", flags.shape,
                  "card: the Handbook's card payments (customer, terminal_id, tx_amount); seed: "
                  "the seed's transactions (account, ip_address, transaction_amount)")
      ->capture_default_str()
      ->check(CLI::IsMember({"card", "seed"}));
  sub->add_option("--detector", flags.send.detector_id,
                  "--send: the detector to decide with [the shape's: card_payments, "
                  "transaction_detector]");
  sub->add_option("--event-type", flags.send.event_type,
                  "--send: the event type, for labels [the shape's: card_transaction, transaction]");
  sub->add_option("--id-prefix", flags.send.id_prefix, "--send: event ids are PREFIX-<id>")
      ->capture_default_str();
  sub->add_option("--api-key", flags.send.api_key, "--send: API key [env VIGIL_API_KEY]");
  sub->add_option("--cacert", flags.send.ca_file, "--send: CA file for https [env VIGIL_CACERT]");
  sub->add_flag("--labels", flags.send.labels,
                "--send: also send each payment's label when its simulated label time comes");
  sub->add_option("--customers", o.customers, "Number of customers (cards)")->capture_default_str();
  sub->add_option("--terminals", o.terminals, "Number of terminals")->capture_default_str();
  sub->add_option("--days", o.days, "Number of days")->capture_default_str();
  sub->add_option("--start", o.start_date, "First day, YYYY-MM-DD (UTC)")->capture_default_str();
  sub->add_option("--radius", o.radius, "Customers use the terminals within this distance")
      ->capture_default_str();
  sub->add_option("--seed", o.seed, "Seed of every random draw")->capture_default_str();
  sub->add_flag("--scenario-column", flags.scenario_column,
                "Add a last column tx_fraud_scenario (0 = legit, 1..3 = the fraud scenario)");
  return sub;
}

int RunSimulate(const SimulateFlags& flags) {
  if (auto valid = simulator::Validate(flags.options); !valid) {
    std::cerr << "error: " << FlagOf(valid.error().field) << ": " << valid.error().message << "\n";
    return 2;
  }
  auto shape = simulator::ParseEventShape(flags.shape);
  if (!shape) return ReportError("--shape", shape.error(), 2);
  if (*shape == simulator::EventShape::kSeedTransaction &&
      flags.options.terminals > simulator::kMaxSeedTerminals) {
    std::cerr << "error: --terminals: at most " << simulator::kMaxSeedTerminals
              << " in the seed's shape, one IPv4 address of 10.0.0.0/8 each\n";
    return 2;
  }
  if (flags.output.empty() == flags.send.server.empty()) {
    std::cerr << "error: give --output FILE (write a CSV) or --send URL (send live)\n";
    return 2;
  }
  if (!flags.send.server.empty()) {
    ProgressLine progress;
    auto dataset = simulator::Simulate(flags.options, [&progress](std::string_view stage,
                                                                  uint64_t done, uint64_t total) {
      progress.Show(stage, done, total);
    });
    progress.Clear();
    if (!dataset) {
      std::cerr << "error: " << dataset.error().message << "\n";
      return 2;
    }
    SendFlags send = flags.send;
    send.shape = *shape;
    return SendLive(*dataset, send);
  }
  std::FILE* out = stdout;
  if (flags.output != "-") {
    out = std::fopen(flags.output.c_str(), "wb");
    if (out == nullptr) {
      std::cerr << "error: --output: cannot open " << flags.output << ": " << std::strerror(errno)
                << "\n";
      return 1;
    }
  }

  const auto start = std::chrono::steady_clock::now();
  ProgressLine progress;
  auto show = [&progress](std::string_view stage, uint64_t done, uint64_t total) {
    progress.Show(stage, done, total);
  };
  auto dataset = simulator::Simulate(flags.options, show);
  if (!dataset) {  // Validate passed, so only an unexpected failure gets here
    progress.Clear();
    std::cerr << "error: " << dataset.error().message << "\n";
    return 2;
  }
  const double generate_seconds = SecondsSince(start);
  simulator::AfdCsvOptions csv;
  csv.scenario_column = flags.scenario_column;
  csv.shape = *shape;
  auto written = simulator::WriteAfdCsv(
      *dataset, csv, out, flags.output == "-" ? "standard output" : flags.output,
      [&show](uint64_t done, uint64_t total) { show("writing", done, total); });
  if (out != stdout && std::fclose(out) != 0 && written) {
    written =
        Fail(ErrorCode::kUnavailable, "cannot write " + flags.output + ": " + std::strerror(errno));
  }
  progress.Clear();
  if (!written) {
    std::cerr << "error: " << written.error().message << "\n";
    if (out != stdout) std::remove(flags.output.c_str());
    return 1;
  }
  PrintSummary(*dataset, flags, generate_seconds, SecondsSince(start));
  return 0;
}

}  // namespace vigil::cli
