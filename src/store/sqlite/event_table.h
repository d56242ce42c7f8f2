// The `events` table: stored events keyed by (event_type, event_id).
//
// Thread-safety: as the Connection passed in (one thread at a time).
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace vigil::store::sqlite {

// kInvalidArgument when event_type or event_id is empty or a time is out of range.
Status CheckEvent(const StoredEvent& event);

// Stores `event` (stored_micros included), replacing one with the same key.
Status UpsertEvent(Connection& connection, const StoredEvent& event);

Result<std::optional<StoredEvent>> SelectEvent(Connection& connection, std::string_view event_type,
                                               std::string_view event_id);

// Returns whether a row was deleted.
Result<bool> DeleteEventRow(Connection& connection, std::string_view event_type,
                            std::string_view event_id);

}  // namespace vigil::store::sqlite
