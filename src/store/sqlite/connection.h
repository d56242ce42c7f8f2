// Thin RAII wrappers over the SQLite C API: a Connection owns a sqlite3 handle and a cache of
// prepared statements; a Statement binds, steps and reads columns. Every failure becomes an Error
// that says what was attempted and what SQLite answered.
//
// Error mapping: conditions of the machine rather than of the input (disk full, read-only, I/O
// error, busy, corrupt, cannot open) are kUnavailable; a constraint violation or a value too big
// is kInvalidArgument; anything else is kInternal.
//
// Thread-safety: none. A Connection (and its statements) is used by one thread at a time; the
// handle is opened with SQLITE_OPEN_NOMUTEX.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace vigil::store::sqlite {

// The Error for result code `rc` of a call on `db` (which may be null). `what` is what was being
// done, e.g. "insert decision abc".
Error SqliteError(sqlite3* db, int rc, std::string_view what);

// True when `error` came from the machine (kUnavailable) rather than from one statement's input.
inline bool IsEnvironmental(const Error& error) { return error.code == ErrorCode::kUnavailable; }

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameter `index` (1-based). A failed bind is remembered and returned by Step(). Text
  // is not copied: `value` must outlive the statement's use (until Reset).
  void BindText(int index, std::string_view value);
  void BindInt64(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindNull(int index);
  void BindOptionalText(int index, const std::optional<std::string>& value);

  // Runs the statement to its next row: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows.
  Status Run() {
    if (auto stepped = Step(); !stepped) return std::unexpected(std::move(stepped.error()));
    return {};
  }

  // Column readers for the current row (0-based).
  bool IsNull(int column) const;
  std::string Text(int column) const;
  // The column's text in place: valid until the next Step or Reset of this statement.
  std::string_view TextView(int column) const;
  int64_t Int64(int column) const;
  double Double(int column) const;
  std::optional<std::string> OptionalText(int column) const;

  // Ends the current use: resets the statement (releasing its read snapshot) and clears bindings.
  void Reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_error_ = SQLITE_OK;
};

// Resets a statement when leaving scope, so that no early return leaves it holding a snapshot.
class StatementUse {
 public:
  explicit StatementUse(Statement& statement) : statement_(statement) {}
  ~StatementUse() { statement_.Reset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  Statement* operator->() { return &statement_; }

 private:
  Statement& statement_;
};

class Connection {
 public:
  // Opens `path`; read-write connections create the file. Fails with a clear error when the file
  // cannot be opened, or when a read-write open would only get a read-only handle.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows, compiling them each time (migrations,
  // PRAGMAs).
  Status Exec(std::string_view sql, std::string_view what);
  // Runs one statement that returns no rows, prepared once (BEGIN, COMMIT, SAVEPOINT, ...).
  Status Run(std::string_view sql);
  // Runs a statement returning one integer (e.g. "PRAGMA user_version").
  Result<int64_t> QueryInt(std::string_view sql, std::string_view what);
  // Runs a statement returning one text value (e.g. "PRAGMA journal_mode=WAL").
  Result<std::string> QueryText(std::string_view sql, std::string_view what);

  // The prepared statement for `sql`, compiled on first use and kept for the connection's life.
  // The pointer stays valid until the connection is destroyed.
  Result<Statement*> Cached(std::string_view sql);

  // Rows changed by the most recent INSERT, UPDATE or DELETE.
  int64_t Changes() const { return sqlite3_changes64(db_); }
  // True while an explicit transaction is open (SQLite may roll one back by itself on errors).
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements_;
};

}  // namespace vigil::store::sqlite
