#include "store/sqlite/catalog_table.h"

#include <string>

#include "store/record_text.h"

namespace vigil::store::sqlite {

namespace {

std::string Name(const CatalogChange& change) { return change.kind + "/" + change.id; }

}  // namespace

Status CheckCatalogChanges(const std::vector<CatalogChange>& changes) {
  for (size_t i = 0; i < changes.size(); ++i) {
    const std::string field = "changes[" + std::to_string(i) + "]";
    if (changes[i].kind.empty()) {
      return Fail(ErrorCode::kInvalidArgument, field + ".kind must not be empty", field + ".kind");
    }
    if (changes[i].id.empty()) {
      return Fail(ErrorCode::kInvalidArgument, field + ".id must not be empty", field + ".id");
    }
  }
  return {};
}

Status WriteCatalogChanges(Connection& connection, const std::vector<CatalogChange>& changes,
                           int64_t now_micros) {
  VIGIL_TRY(upsert, connection.Cached(
                        "INSERT INTO catalog (kind, id, json, updated) VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json, "
                        "updated = excluded.updated"));
  VIGIL_TRY(remove, connection.Cached("DELETE FROM catalog WHERE kind = ?1 AND id = ?2"));
  const std::string updated = TimestampText(now_micros);
  for (const CatalogChange& change : changes) {
    Statement* statement = change.json ? upsert : remove;
    StatementUse use(*statement);
    statement->BindText(1, change.kind);
    statement->BindText(2, change.id);
    if (change.json) {
      statement->BindText(3, *change.json);
      statement->BindText(4, updated);
    }
    if (auto done = statement->Run(); !done) {
      Error error = std::move(done.error());
      if (error.code == ErrorCode::kInvalidArgument) {
        // The only constraint a well-formed change can break is the table's json_valid check.
        error.message =
            "catalog object " + Name(change) + " is not valid JSON (" + error.message + ")";
      } else {
        error.message = "writing catalog object " + Name(change) + ": " + error.message;
      }
      return std::unexpected(std::move(error));
    }
  }
  return {};
}

Result<std::vector<CatalogObject>> SelectCatalog(Connection& connection) {
  VIGIL_TRY(statement,
            connection.Cached("SELECT kind, id, json, updated FROM catalog ORDER BY kind, id"));
  StatementUse use(*statement);
  std::vector<CatalogObject> objects;
  for (;;) {
    VIGIL_TRY(row, statement->Step());
    if (!row) return objects;
    CatalogObject object{statement->Text(0), statement->Text(1), statement->Text(2), 0};
    VIGIL_TRY(updated, ParseTimestampText(statement->Text(3), "updated of catalog object " +
                                                                  object.kind + "/" + object.id));
    object.updated_micros = updated;
    objects.push_back(std::move(object));
  }
}

}  // namespace vigil::store::sqlite
