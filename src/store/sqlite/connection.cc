#include "store/sqlite/connection.h"

namespace vigil::store::sqlite {

namespace {

const char* PrimaryCodeName(int rc) {
  switch (rc & 0xff) {
    case SQLITE_ERROR:
      return "SQLITE_ERROR";
    case SQLITE_PERM:
      return "SQLITE_PERM";
    case SQLITE_ABORT:
      return "SQLITE_ABORT";
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
      return "SQLITE_NOMEM";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_INTERRUPT:
      return "SQLITE_INTERRUPT";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_PROTOCOL:
      return "SQLITE_PROTOCOL";
    case SQLITE_SCHEMA:
      return "SQLITE_SCHEMA";
    case SQLITE_TOOBIG:
      return "SQLITE_TOOBIG";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
      return "SQLITE_MISMATCH";
    case SQLITE_MISUSE:
      return "SQLITE_MISUSE";
    case SQLITE_RANGE:
      return "SQLITE_RANGE";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    default:
      return "SQLITE_?";
  }
}

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PROTOCOL:
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
      return ErrorCode::kInvalidArgument;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  // sqlite3_errmsg describes the most recent failure on `db`, often more precisely than
  // sqlite3_errstr (e.g. which constraint failed); fall back to the generic text without a handle.
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{
      CodeFor(rc), std::string(what) + ": " + detail + " (" + PrimaryCodeName(rc) + ")", {}};
}

void Statement::BindText(int index, std::string_view value) {
  // SQLITE_TRANSIENT would copy; the caller keeps `value` alive until Step, so no copy is needed.
  const int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindInt64(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindDouble(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindOptionalText(int index, const std::optional<std::string>& value) {
  if (value) {
    BindText(index, *value);
  } else {
    BindNull(index);
  }
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return std::unexpected(SqliteError(nullptr, bind_error_, "binding a parameter"));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // What failed first, then where: "database or disk is full (SQLITE_FULL) in \"INSERT ...\"".
  Error error = SqliteError(db_, rc, "");
  const char* sql = sqlite3_sql(stmt_);
  std::string statement(sql != nullptr ? sql : "");
  if (statement.size() > 48) statement = statement.substr(0, 45) + "...";
  error.message = error.message.substr(2) + " in \"" + statement + "\"";
  return std::unexpected(std::move(error));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::string_view Statement::TextView(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

int64_t Statement::Int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

void Statement::Reset() {
  // The error sqlite3_reset may repeat was already reported by Step.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = SQLITE_OK;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, "cannot open database " + path);
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  // SQLite quietly falls back to a read-only handle when the file is not writable; a writer must
  // know now rather than at its first commit.
  if (!read_only && sqlite3_db_readonly(db, "main") == 1) {
    sqlite3_close_v2(db);
    return Fail(ErrorCode::kUnavailable,
                "cannot open database " + path + " for writing: the file is read-only");
  }
  return std::unique_ptr<Connection>(new Connection(db, path));
}

Connection::~Connection() {
  statements_.clear();  // finalize before closing, or close_v2 leaves a zombie handle
  sqlite3_close_v2(db_);
}

Status Connection::Run(std::string_view sql) {
  VIGIL_TRY(statement, Cached(sql));
  StatementUse use(*statement);
  return statement->Run();
}

Status Connection::Exec(std::string_view sql, std::string_view what) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, what));
  return {};
}

Result<int64_t> Connection::QueryInt(std::string_view sql, std::string_view what) {
  VIGIL_TRY(statement, Cached(sql));
  StatementUse use(*statement);
  VIGIL_TRY(row, statement->Step());
  if (!row) return Fail(ErrorCode::kInternal, std::string(what) + ": no result");
  return statement->Int64(0);
}

Result<std::string> Connection::QueryText(std::string_view sql, std::string_view what) {
  VIGIL_TRY(statement, Cached(sql));
  StatementUse use(*statement);
  VIGIL_TRY(row, statement->Step());
  if (!row) return Fail(ErrorCode::kInternal, std::string(what) + ": no result");
  return statement->Text(0);
}

Result<Statement*> Connection::Cached(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db_, rc, "prepare \"" + std::string(sql) + "\""));
  }
  auto statement = std::make_unique<Statement>(db_, stmt);
  Statement* raw = statement.get();
  statements_.emplace(std::string(sql), std::move(statement));
  return raw;
}

}  // namespace vigil::store::sqlite
