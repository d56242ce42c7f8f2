#include "cli/afd_csv_import.h"

#include <algorithm>
#include <cstdio>

#include "api/event_row.h"
#include "catalog/validation.h"
#include "cli/progress_line.h"
#include "core/csv.h"
#include "core/names.h"
#include "core/time_format.h"
#include "engine/bind_event.h"

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

}  // namespace

Result<CsvImport> ImportAfdCsv(std::istream& in, uint64_t total_bytes,
                               const engine::CompiledEventType& event_type, store::Store& store,
                               size_t batch_size) {
  std::string line;
  std::vector<std::string> cells;
  if (!std::getline(in, line)) return Fail(ErrorCode::kInvalidArgument, "the file is empty");
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a byte-order mark
  if (auto split = SplitCsvLine(line, cells); !split) {
    return Fail(ErrorCode::kInvalidArgument, "header: " + split.error().message);
  }
  VIGIL_TRY(columns, ReadHeader(cells, event_type));

  ProgressLine progress;
  uint64_t line_number = 1, bytes = line.size() + 1;
  CsvImport result;
  std::vector<store::StoredEvent> batch;
  batch.reserve(batch_size);
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    VIGIL_CHECK(store.PutEvents(batch));
    result.imported += batch.size();
    batch.clear();
    return {};
  };
  auto stopped = [&](const std::string& where, Error e) {
    progress.Clear();
    e.message = where + " after " + Thousands(result.imported) + " events: " + e.message;
    return std::unexpected(std::move(e));
  };
  while (std::getline(in, line)) {
    ++line_number;
    bytes += line.size() + 1;
    if (line.empty() || line == "\r") continue;
    auto row = [&]() -> Result<store::StoredEvent> {
      VIGIL_CHECK(SplitCsvLine(line, cells));
      return ReadRow(cells, columns, event_type);
    }();
    if (!row) {
      ++result.rejected;
      ++result.reasons[row.error().message.substr(0, row.error().message.find(':'))];
      if (result.first_rejects.size() < kShownRejects) {
        result.first_rejects.emplace_back(line_number, row.error().message);
      }
      continue;
    }
    batch.push_back(std::move(*row));
    if (batch.size() >= batch_size) {
      if (auto flushed = flush(); !flushed) {
        return stopped("stopped at line " + std::to_string(line_number), flushed.error());
      }
      progress.Show("import", total_bytes ? bytes : result.imported, total_bytes ? total_bytes : 0);
    }
  }
  if (auto flushed = flush(); !flushed) return stopped("stopped", flushed.error());
  progress.Clear();
  return result;
}

void PrintRejects(const CsvImport& import) {
  for (const auto& [number, why] : import.first_rejects) {
    std::fprintf(stderr, "  line %llu: %s\n", static_cast<unsigned long long>(number), why.c_str());
  }
  if (import.rejected > import.first_rejects.size()) {
    std::fprintf(stderr, "  ... and %s more; by reason:\n",
                 Thousands(import.rejected - import.first_rejects.size()).c_str());
    for (const auto& [why, count] : import.reasons) {
      std::fprintf(stderr, "  %s rows: %s\n", Thousands(count).c_str(), why.c_str());
    }
  }
}


}  // namespace vigil::cli
