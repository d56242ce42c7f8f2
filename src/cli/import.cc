#include "cli/import.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <vector>

#include "cli/afd_csv_import.h"
#include "cli/apply_file.h"
#include "cli/command_error.h"
#include "cli/progress_line.h"
#include "cli/store_persistence.h"
#include "core/clock.h"
#include "core/names.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

uint64_t FileSize(const std::string& path) {
  struct stat info{};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<uint64_t>(info.st_size) : 0;
}

}  // namespace

CLI::App* AddImportCommand(CLI::App& app, ImportFlags& flags) {
  CLI::App* sub = app.add_subcommand(
      "import", "Load events from an AFD-format CSV into a data directory (server stopped)");
  sub->add_option("file", flags.file, "CSV file, or - for standard input")->required();
  sub->add_option("--event-type", flags.event_type, "Event type of the rows")->required();
  sub->add_option("--data-dir", flags.data_dir, "Data directory [env VIGIL_DATA_DIR]")
      ->capture_default_str();
  sub->add_option("--apply", flags.apply,
                  "Detector file to apply to the data directory first (repeatable)");
  sub->add_option("--batch", flags.batch, "Events per transaction")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  return sub;
}

int RunImport(const ImportFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  store::StoreOptions options;
  options.directory = flags.data_dir;
  auto store = store::OpenSqliteStore(options);
  if (!store) return ReportError("cannot open " + flags.data_dir, store.error(), 1);
  auto catalog = LoadCatalog(**store);
  if (!catalog) return ReportError("cannot load the catalog", catalog.error(), 1);
  auto built = engine::Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(*catalog)));
  if (!built) return ReportError("the stored catalog does not compile", built.error(), 1);
  engine::Registry registry(std::move(*built));
  StorePersistence persistence(**store);
  engine::CatalogService service(registry, persistence, SystemClock::Instance());
  for (const auto& path : flags.apply) {
    if (auto applied = ApplyFile(service, path); !applied) {
      return ReportError("cannot apply " + path, applied.error(), 2);
    }
  }
  const engine::SnapshotPtr snapshot = registry.Current();
  const engine::CompiledEventType* event_type = snapshot->FindEventType(flags.event_type);
  if (event_type == nullptr) {
    return ReportError("cannot import", Error{ErrorCode::kNotFound,
                                        "event type '" + flags.event_type +
                                            "' does not exist in " + flags.data_dir +
                                            " (apply its detector file: --apply FILE)",
                                        "event_type"},
                 2);
  }

  std::ifstream file;
  if (flags.file != "-") {
    file.open(flags.file, std::ios::binary);
    if (!file) return ReportError("cannot read " + flags.file, Error{ErrorCode::kNotFound, std::strerror(errno), ""}, 1);
  }
  std::istream& in = flags.file == "-" ? std::cin : file;
  const uint64_t total_bytes = flags.file == "-" ? 0 : FileSize(flags.file);

  auto import = ImportAfdCsv(in, total_bytes, *event_type, **store, flags.batch);
  if (!import) {
    const bool usage = import.error().code == ErrorCode::kInvalidArgument;
    return ReportError(usage ? "cannot import " + flags.file : "cannot import", import.error(),
                       usage ? 2 : 1);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "imported %s events of %s into %s in %.1f s (%s rows/s); %s rows rejected\n",
               Thousands(import->imported).c_str(), flags.event_type.c_str(), flags.data_dir.c_str(),
               seconds,
               Thousands(static_cast<uint64_t>(static_cast<double>(import->imported) /
                                               std::max(seconds, 1e-9))).c_str(),
               Thousands(import->rejected).c_str());
  PrintRejects(*import);
  return import->rejected == 0 ? 0 : 3;
}

}  // namespace vigil::cli
