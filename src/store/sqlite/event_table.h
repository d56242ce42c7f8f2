// The `events` table: stored events keyed by (event_type, event_id).
//
// Thread-safety: as the Connection passed in (one thread at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace vigil::store::sqlite {

// kInvalidArgument when event_type or event_id is empty or a time is out of range.
Status CheckEvent(const StoredEvent& event);

// What UpsertEvent does with the label of an event already stored under the key.
enum class StoredLabel {
  kReplace,        // the new event's label (or none) replaces it: PutEvent
  kKeepUnlessSet,  // kept when the new event has none: an event stored with its decision
};

// Stores `event` (stored_micros included), replacing one with the same key.
// Precondition: CheckEvent(event) passed.
Status UpsertEvent(Connection& connection, const StoredEvent& event, StoredLabel label);

Result<std::optional<StoredEvent>> SelectEvent(Connection& connection, std::string_view event_type,
                                               std::string_view event_id);

// Calls `each` for every stored event of `event_type` in time order (ties in the order they were
// stored), stopping at its first error.
Status ScanEventRows(Connection& connection, std::string_view event_type,
                     const std::function<Status(const StoredEvent&)>& each);

// How many events of `event_type` are stored.
Result<int64_t> CountEventRows(Connection& connection, std::string_view event_type);

// Sets the label and label time of a stored event; returns whether there was one.
// Precondition: `label` is not empty and `label_micros` within years 0000..9999.
Result<bool> UpdateEventLabel(Connection& connection, std::string_view event_type,
                              std::string_view event_id, std::string_view label,
                              int64_t label_micros);

// Returns whether a row was deleted.
Result<bool> DeleteEventRow(Connection& connection, std::string_view event_type,
                            std::string_view event_id);

}  // namespace vigil::store::sqlite
