#include "store/sqlite/decision_table.h"

#include <algorithm>
#include <string>

#include "store/record_text.h"

namespace vigil::store::sqlite {

namespace {

// Column order of kColumns; ReadRecord depends on it.
constexpr std::string_view kColumns =
    "event_id, fraud_label, insight_score, timestamp, detector_id, detector_version, event_type, "
    "event_timestamp, seq, record, prev_hash, hash";

constexpr std::string_view kInsert =
    "INSERT INTO decisions (event_id, fraud_label, insight_score, timestamp, detector_id, "
    "detector_version, event_type, event_timestamp, seq, record, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (event_id) DO NOTHING";

Result<DecisionRecord> ReadRecord(const Statement& row) {
  DecisionRecord record;
  record.event_id = row.Text(0);
  record.fraud_label = row.Text(1);
  if (!row.IsNull(2)) record.insight_score = row.Double(2);
  VIGIL_TRY(decided, ParseTimestampText(row.Text(3), "timestamp of decision " + record.event_id));
  record.decided_micros = decided;
  record.detector_id = row.Text(4);
  record.detector_version = row.Text(5);
  record.event_type = row.Text(6);
  VIGIL_TRY(event_time,
            ParseTimestampText(row.Text(7), "event_timestamp of decision " + record.event_id));
  record.event_micros = event_time;
  record.seq = row.Int64(8);
  record.record_json = row.Text(9);
  record.prev_hash = row.Text(10);
  record.hash = row.Text(11);
  return record;
}

}  // namespace

Result<bool> InsertDecision(Connection& connection, const DecisionRecord& record,
                            std::string_view timestamp, std::string_view event_timestamp) {
  VIGIL_TRY(statement, connection.Cached(kInsert));
  StatementUse use(*statement);
  statement->BindText(1, record.event_id);
  statement->BindText(2, record.fraud_label);
  if (record.insight_score) {
    statement->BindDouble(3, *record.insight_score);
  } else {
    statement->BindNull(3);
  }
  statement->BindText(4, timestamp);
  statement->BindText(5, record.detector_id);
  statement->BindText(6, record.detector_version);
  statement->BindText(7, record.event_type);
  statement->BindText(8, event_timestamp);
  statement->BindInt64(9, record.seq);
  statement->BindText(10, record.record_json);
  statement->BindText(11, record.prev_hash);
  statement->BindText(12, record.hash);
  VIGIL_CHECK(statement->Run());
  return connection.Changes() == 1;
}

Result<std::optional<DecisionRecord>> SelectDecision(Connection& connection,
                                                     std::string_view event_id) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM decisions WHERE event_id = ?1";
  VIGIL_TRY(statement, connection.Cached(sql));
  StatementUse use(*statement);
  statement->BindText(1, event_id);
  VIGIL_TRY(found, statement->Step());
  if (!found) return std::optional<DecisionRecord>();
  VIGIL_TRY(record, ReadRecord(*statement));
  return std::optional<DecisionRecord>(std::move(record));
}

Result<std::vector<DecisionRecord>> SelectDecisions(Connection& connection,
                                                    const DecisionQuery& query) {
  std::vector<DecisionRecord> records;
  const size_t limit = std::min(query.limit, kMaxListLimit);
  if (limit == 0) return records;
  std::string decided_before;
  if (query.decided_before_micros) {
    VIGIL_CHECK(CheckTimestamp(*query.decided_before_micros, "decided_before"));
    decided_before = TimestampText(*query.decided_before_micros);
  }
  // One statement per combination of filters (at most 16 per connection), each with a plan that
  // uses the right index; numbered parameters keep the binding independent of the combination.
  std::string sql = "SELECT " + std::string(kColumns) + " FROM decisions WHERE 1";
  if (query.detector_id) sql += " AND detector_id = ?1";
  if (query.after_seq) sql += " AND seq > ?2";
  if (query.before_seq) sql += " AND seq < ?3";
  if (query.decided_before_micros) sql += " AND timestamp < ?4";
  sql += " ORDER BY seq DESC LIMIT ?5";

  VIGIL_TRY(statement, connection.Cached(sql));
  StatementUse use(*statement);
  if (query.detector_id) statement->BindText(1, *query.detector_id);
  if (query.after_seq) statement->BindInt64(2, *query.after_seq);
  if (query.before_seq) statement->BindInt64(3, *query.before_seq);
  if (query.decided_before_micros) statement->BindText(4, decided_before);
  statement->BindInt64(5, static_cast<int64_t>(limit));
  for (;;) {
    VIGIL_TRY(row, statement->Step());
    if (!row) break;
    VIGIL_TRY(record, ReadRecord(*statement));
    records.push_back(std::move(record));
  }
  return records;
}

Result<ChainHead> SelectChainHead(Connection& connection) {
  VIGIL_TRY(statement,
            connection.Cached("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1"));
  StatementUse use(*statement);
  VIGIL_TRY(found, statement->Step());
  if (!found) return ChainHead{};
  return ChainHead{statement->Int64(0), statement->Text(1)};
}

Status ForEachChainRow(Connection& connection,
                       const std::function<Status(const ChainRow&)>& visit) {
  VIGIL_TRY(statement,
            connection.Cached("SELECT seq, event_id, detector_id, detector_version, event_type, "
                              "fraud_label, insight_score, timestamp, event_timestamp, record, "
                              "prev_hash, hash FROM decisions ORDER BY seq"));
  StatementUse use(*statement);
  ChainRow row;
  for (;;) {
    VIGIL_TRY(more, statement->Step());
    if (!more) return {};
    row.seq = statement->Int64(0);
    row.event_id = statement->Text(1);
    row.detector_id = statement->Text(2);
    row.detector_version = statement->Text(3);
    row.event_type = statement->Text(4);
    row.fraud_label = statement->Text(5);
    row.insight_score = statement->IsNull(6) ? std::string() : ScoreText(statement->Double(6));
    row.timestamp = statement->Text(7);
    row.event_timestamp = statement->Text(8);
    row.record_json = statement->Text(9);
    row.prev_hash = statement->Text(10);
    row.hash = statement->Text(11);
    VIGIL_CHECK(visit(row));
  }
}

}  // namespace vigil::store::sqlite
