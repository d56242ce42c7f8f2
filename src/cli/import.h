// `vigil import FILE.csv --event-type NAME [--apply DETECTOR.yaml]`: loads history into a
// stopped server's data directory (creating it, with the detector files applied first, when
// given) from a CSV in AFD's stored-event format (EVENT_ID, EVENT_TIMESTAMP, ENTITY_ID,
// ENTITY_TYPE, EVENT_LABEL, LABEL_TIMESTAMP, then one lower-case column per event variable; see
// docs/import.md). Rows are checked exactly as POST /events checks a body; a bad row is
// reported with its line number and reason and skipped, never stopping or corrupting the
// import. Events are committed in batches, so a crash keeps the batches before it; the same file
// imported again replaces the same events. The server rebuilds its aggregates from them when it
// starts.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace vigil::cli {

struct ImportFlags {
  std::string file;  // "-": standard input
  std::string event_type;
  std::vector<std::string> apply;   // detector files applied to the data directory first
  std::string data_dir = "./data";  // [env VIGIL_DATA_DIR]
  size_t batch = 10'000;            // events per transaction
};

CLI::App* AddImportCommand(CLI::App& app, ImportFlags& flags);

// Exit status: 0 every row imported, 3 some rows rejected (the others imported), 1 the import
// could not run or stopped (a store error), 2 a usage error (a bad header, an unknown event
// type): nothing imported.
int RunImport(const ImportFlags& flags);

}  // namespace vigil::cli
