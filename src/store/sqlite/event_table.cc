#include "store/sqlite/event_table.h"

#include <string>

#include "core/time_format.h"
#include "store/record_text.h"

namespace vigil::store::sqlite {

Status CheckEvent(const StoredEvent& event) {
  if (event.event_type.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "event_type must not be empty", "event_type");
  }
  if (event.event_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "event_id must not be empty", "event_id");
  }
  VIGIL_CHECK(CheckTimestamp(event.event_micros, "event_timestamp"));
  if (event.label_micros) VIGIL_CHECK(CheckTimestamp(*event.label_micros, "label_timestamp"));
  return CheckTimestamp(event.stored_micros, "stored");
}

namespace {

constexpr std::string_view kInsert =
    "INSERT INTO events (event_type, event_id, entity_type, entity_id, event_timestamp, "
    "variables, label, label_timestamp, stored) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ";
constexpr std::string_view kReplaceAll =
    "ON CONFLICT (event_type, event_id) DO UPDATE SET entity_type = excluded.entity_type, "
    "entity_id = excluded.entity_id, event_timestamp = excluded.event_timestamp, "
    "variables = excluded.variables, stored = excluded.stored, ";
constexpr std::string_view kReplaceLabel =
    "label = excluded.label, label_timestamp = excluded.label_timestamp";
constexpr std::string_view kKeepLabel =
    "label = coalesce(excluded.label, label), label_timestamp = CASE WHEN excluded.label IS NULL "
    "THEN label_timestamp ELSE excluded.label_timestamp END";

}  // namespace

Status UpsertEvent(Connection& connection, const StoredEvent& event, StoredLabel label) {
  static const std::string replace =
      std::string(kInsert) + std::string(kReplaceAll) + std::string(kReplaceLabel);
  static const std::string keep =
      std::string(kInsert) + std::string(kReplaceAll) + std::string(kKeepLabel);
  VIGIL_TRY(statement, connection.Cached(label == StoredLabel::kReplace ? replace : keep));
  StatementUse use(*statement);
  const std::string event_timestamp = TimestampText(event.event_micros);
  const std::optional<std::string> label_timestamp =
      event.label_micros ? std::optional(TimestampText(*event.label_micros)) : std::nullopt;
  const std::string stored = TimestampText(event.stored_micros);
  statement->BindText(1, event.event_type);
  statement->BindText(2, event.event_id);
  statement->BindText(3, event.entity_type);
  statement->BindText(4, event.entity_id);
  statement->BindText(5, event_timestamp);
  statement->BindText(6, event.variables_json);
  statement->BindOptionalText(7, event.label);
  statement->BindOptionalText(8, label_timestamp);
  statement->BindText(9, stored);
  return statement->Run();
}

namespace {

// The columns ReadEvent reads, from column 0 on.
constexpr std::string_view kEventColumns =
    "event_type, event_id, entity_type, entity_id, event_timestamp, variables, label, "
    "label_timestamp, stored";

// Reads the statement's current row (kEventColumns) into `event`, reusing its strings' storage:
// a scan reads millions of rows into one.
Status ReadEvent(Statement& statement, StoredEvent& event) {
  event.event_type.assign(statement.TextView(0));
  event.event_id.assign(statement.TextView(1));
  event.entity_type.assign(statement.TextView(2));
  event.entity_id.assign(statement.TextView(3));
  // The field named in an error is built only then.
  auto time = [&](std::string_view text, const char* column) -> Result<int64_t> {
    if (auto micros = ParseIso8601(text)) return *micros;
    return ParseTimestampText(
        text, std::string(column) + " of event " + event.event_type + "/" + event.event_id);
  };
  VIGIL_TRY(event_micros, time(statement.TextView(4), "event_timestamp"));
  event.event_micros = event_micros;
  event.variables_json.assign(statement.TextView(5));
  if (statement.IsNull(6)) {
    event.label.reset();
  } else {
    if (!event.label) event.label.emplace();
    event.label->assign(statement.TextView(6));
  }
  event.label_micros.reset();
  if (!statement.IsNull(7)) {
    VIGIL_TRY(label_micros, time(statement.TextView(7), "label_timestamp"));
    event.label_micros = label_micros;
  }
  VIGIL_TRY(stored_micros, time(statement.TextView(8), "stored"));
  event.stored_micros = stored_micros;
  return {};
}

}  // namespace

Result<std::optional<StoredEvent>> SelectEvent(Connection& connection, std::string_view event_type,
                                               std::string_view event_id) {
  VIGIL_TRY(statement, connection.Cached("SELECT " + std::string(kEventColumns) +
                                         " FROM events WHERE event_type = ?1 AND event_id = ?2"));
  StatementUse use(*statement);
  statement->BindText(1, event_type);
  statement->BindText(2, event_id);
  VIGIL_TRY(found, statement->Step());
  if (!found) return std::optional<StoredEvent>();
  StoredEvent event;
  VIGIL_CHECK(ReadEvent(*statement, event));
  return std::optional<StoredEvent>(std::move(event));
}

Status ScanEventRows(Connection& connection, std::string_view event_type,
                     const std::function<Status(const StoredEvent&)>& each) {
  // Fixed-width timestamps (store/record_text.h) sort as text in time order.
  VIGIL_TRY(statement, connection.Cached(
                           "SELECT " + std::string(kEventColumns) +
                           " FROM events WHERE event_type = ?1 ORDER BY event_timestamp, rowid"));
  StatementUse use(*statement);
  statement->BindText(1, event_type);
  StoredEvent event;
  for (;;) {
    VIGIL_TRY(found, statement->Step());
    if (!found) return {};
    VIGIL_CHECK(ReadEvent(*statement, event));
    VIGIL_CHECK(each(event));
  }
}

Result<int64_t> CountEventRows(Connection& connection, std::string_view event_type) {
  VIGIL_TRY(statement, connection.Cached("SELECT count(*) FROM events WHERE event_type = ?1"));
  StatementUse use(*statement);
  statement->BindText(1, event_type);
  VIGIL_TRY(found, statement->Step());
  return found ? statement->Int64(0) : 0;
}

Result<bool> UpdateEventLabel(Connection& connection, std::string_view event_type,
                              std::string_view event_id, std::string_view label,
                              int64_t label_micros) {
  VIGIL_TRY(statement, connection.Cached("UPDATE events SET label = ?3, label_timestamp = ?4 "
                                         "WHERE event_type = ?1 AND event_id = ?2"));
  StatementUse use(*statement);
  const std::string label_timestamp = TimestampText(label_micros);
  statement->BindText(1, event_type);
  statement->BindText(2, event_id);
  statement->BindText(3, label);
  statement->BindText(4, label_timestamp);
  VIGIL_CHECK(statement->Run());
  return connection.Changes() == 1;
}

Result<bool> DeleteEventRow(Connection& connection, std::string_view event_type,
                            std::string_view event_id) {
  VIGIL_TRY(statement,
            connection.Cached("DELETE FROM events WHERE event_type = ?1 AND event_id = ?2"));
  StatementUse use(*statement);
  statement->BindText(1, event_type);
  statement->BindText(2, event_id);
  VIGIL_CHECK(statement->Run());
  return connection.Changes() == 1;
}

}  // namespace vigil::store::sqlite
