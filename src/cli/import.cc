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

#include "api/event_row.h"
#include "catalog/validation.h"
#include "cli/apply_file.h"
#include "cli/command_error.h"
#include "cli/progress_line.h"
#include "cli/store_persistence.h"
#include "core/csv.h"
#include "core/clock.h"
#include "core/names.h"
#include "core/time_format.h"
#include "engine/bind_event.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

constexpr size_t kShownRejects = 20;

// Where each column of the file goes.
struct Columns {
  int event_id = -1;
  int event_timestamp = -1;
  int entity_id = -1;
  int entity_type = -1;
  int label = -1;
  int label_timestamp = -1;
  std::vector<std::pair<int, std::string>> variables;  // column, variable name
  size_t count = 0;
};

Result<Columns> ReadHeader(const std::vector<std::string>& header,
                           const engine::CompiledEventType& event_type) {
  const catalog::EventType& e = *event_type.event_type;
  Columns columns;
  columns.count = header.size();
  const std::map<std::string, int Columns::*> metadata{
      {"EVENT_ID", &Columns::event_id},         {"EVENT_TIMESTAMP", &Columns::event_timestamp},
      {"ENTITY_ID", &Columns::entity_id},       {"ENTITY_TYPE", &Columns::entity_type},
      {"EVENT_LABEL", &Columns::label},         {"LABEL_TIMESTAMP", &Columns::label_timestamp}};
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    const int column = static_cast<int>(i);
    if (auto it = metadata.find(name); it != metadata.end()) {
      if (columns.*(it->second) >= 0) {
        return Fail(ErrorCode::kInvalidArgument, "header: column " + name + " appears twice");
      }
      columns.*(it->second) = column;
    } else if (std::ranges::find(e.variables, name) != e.variables.end()) {
      columns.variables.emplace_back(column, name);
    } else {
      std::string known;
      for (const auto& v : e.variables) known += (known.empty() ? "" : ", ") + v;
      return Fail(ErrorCode::kInvalidArgument,
                  "header: column " + std::to_string(i + 1) + " '" + name +
                      "' is neither AFD metadata (EVENT_ID, EVENT_TIMESTAMP, ENTITY_ID, "
                      "ENTITY_TYPE, EVENT_LABEL, LABEL_TIMESTAMP) nor a variable of event type '" +
                      e.name + "' (" + known + ")");
    }
  }
  for (const auto& [name, member] : metadata) {
    const bool optional = name == "EVENT_LABEL" || name == "LABEL_TIMESTAMP";
    if (!optional && columns.*member < 0) {
      return Fail(ErrorCode::kInvalidArgument, "header: column " + name + " is required");
    }
  }
  if ((columns.label < 0) != (columns.label_timestamp < 0)) {
    return Fail(ErrorCode::kInvalidArgument,
                "header: EVENT_LABEL and LABEL_TIMESTAMP come together (a label needs its time)");
  }
  return columns;
}

// One row as the event to store; the reason when it cannot be.
Result<store::StoredEvent> ReadRow(const std::vector<std::string>& cells, const Columns& columns,
                                   const engine::CompiledEventType& event_type) {
  const catalog::EventType& e = *event_type.event_type;
  if (cells.size() != columns.count) {
    return Fail(ErrorCode::kInvalidArgument, std::to_string(cells.size()) + " columns, the header has " +
                                                 std::to_string(columns.count));
  }
  const std::string& event_id = cells[static_cast<size_t>(columns.event_id)];
  VIGIL_CHECK(ValidateEventId(event_id, "EVENT_ID"));
  auto event_micros = ParseIso8601(cells[static_cast<size_t>(columns.event_timestamp)]);
  if (!event_micros) {
    return Fail(ErrorCode::kInvalidArgument, "EVENT_TIMESTAMP: " + event_micros.error().message);
  }
  const std::string& entity_type = cells[static_cast<size_t>(columns.entity_type)];
  if (std::ranges::find(e.entity_types, entity_type) == e.entity_types.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                "ENTITY_TYPE '" + entity_type + "' is not an entity type of '" + e.name + "'");
  }
  std::vector<std::pair<std::string, Value>> fields;
  fields.emplace_back(catalog::EntityIdField(entity_type),
                      Value::String(cells[static_cast<size_t>(columns.entity_id)]));
  for (const auto& [column, name] : columns.variables) {
    const std::string& text = cells[static_cast<size_t>(column)];
    if (!text.empty()) fields.emplace_back(name, Value::String(text));  // empty: the default
  }
  VIGIL_TRY(bound, engine::BindEvent(fields, event_type, *event_micros));
  store::StoredEvent row =
      api::EventRow(event_type, event_id, *event_micros, bound.entities, bound.values);
  if (columns.label >= 0) {
    const std::string& label = cells[static_cast<size_t>(columns.label)];
    const std::string& label_time = cells[static_cast<size_t>(columns.label_timestamp)];
    if (!label.empty()) {
      if (std::ranges::find(e.labels, label) == e.labels.end()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "EVENT_LABEL '" + label + "' is not a label of '" + e.name + "'");
      }
      auto label_micros = ParseIso8601(label_time);
      if (!label_micros) {
        return Fail(ErrorCode::kInvalidArgument,
                    "LABEL_TIMESTAMP: " + (label_time.empty() ? std::string("required with a label")
                                                              : label_micros.error().message));
      }
      row.label = label;
      row.label_micros = *label_micros;
    }
  }
  return row;
}

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

  std::string line;
  std::vector<std::string> cells;
  if (!std::getline(in, line)) {
    return ReportError("cannot import", Error{ErrorCode::kInvalidArgument, "the file is empty", ""}, 2);
  }
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a byte-order mark
  if (auto split = SplitCsvLine(line, cells); !split) return ReportError("header", split.error(), 2);
  auto columns = ReadHeader(cells, *event_type);
  if (!columns) return ReportError("cannot import " + flags.file, columns.error(), 2);

  ProgressLine progress;
  uint64_t line_number = 1, imported = 0, rejected = 0, bytes = line.size() + 1;
  std::vector<std::pair<uint64_t, std::string>> rejects;  // the first kShownRejects
  std::map<std::string, uint64_t> reasons;                // rejected rows by reason's start
  std::vector<store::StoredEvent> batch;
  batch.reserve(flags.batch);
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    VIGIL_CHECK((*store)->PutEvents(batch));
    imported += batch.size();
    batch.clear();
    return {};
  };
  while (std::getline(in, line)) {
    ++line_number;
    bytes += line.size() + 1;
    if (line.empty() || line == "\r") continue;
    auto row = [&]() -> Result<store::StoredEvent> {
      VIGIL_CHECK(SplitCsvLine(line, cells));
      return ReadRow(cells, *columns, *event_type);
    }();
    if (!row) {
      ++rejected;
      ++reasons[row.error().message.substr(0, row.error().message.find(':'))];
      if (rejects.size() < kShownRejects) rejects.emplace_back(line_number, row.error().message);
      continue;
    }
    batch.push_back(std::move(*row));
    if (batch.size() >= flags.batch) {
      if (auto flushed = flush(); !flushed) {
        progress.Clear();
        return ReportError("stopped at line " + std::to_string(line_number) + " after " +
                         Thousands(imported) + " events",
                     flushed.error(), 1);
      }
      progress.Show("import", total_bytes ? bytes : imported, total_bytes ? total_bytes : 0);
    }
  }
  if (auto flushed = flush(); !flushed) {
    progress.Clear();
    return ReportError("stopped after " + Thousands(imported) + " events", flushed.error(), 1);
  }
  progress.Clear();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "imported %s events of %s into %s in %.1f s (%s rows/s); %s rows rejected\n",
               Thousands(imported).c_str(), flags.event_type.c_str(), flags.data_dir.c_str(), seconds,
               Thousands(static_cast<uint64_t>(static_cast<double>(imported) / std::max(seconds, 1e-9))).c_str(),
               Thousands(rejected).c_str());
  for (const auto& [number, why] : rejects) {
    std::fprintf(stderr, "  line %llu: %s\n", static_cast<unsigned long long>(number), why.c_str());
  }
  if (rejected > rejects.size()) {
    std::fprintf(stderr, "  ... and %s more; by reason:\n",
                 Thousands(rejected - rejects.size()).c_str());
    for (const auto& [why, count] : reasons) {
      std::fprintf(stderr, "  %s rows: %s\n", Thousands(count).c_str(), why.c_str());
    }
  }
  return rejected == 0 ? 0 : 3;
}

}  // namespace vigil::cli
