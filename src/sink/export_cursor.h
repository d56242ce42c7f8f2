// Where an export stands, kept in the store beside the catalog: the seq of the last decision
// record a sink has delivered. The store's decision table is the sink's durable outbox (records
// are committed before they are answered, numbered 1, 2, 3, ... without gaps); the cursor is the
// only state of its own a sink keeps, so a restart resumes after the last delivered record.
//
// Kept as the catalog object (kind kExportCursorKind, id `name`, {"seq": N}); the catalog loader
// ignores the kind. Thread-safety: as the Store's.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vigil::sink {

inline constexpr const char* kExportCursorKind = "export_cursor";

// The stored seq of cursor `name`, 0 (nothing delivered) when there is none. kInternal when the
// stored object is not {"seq": <whole number ≥ 0>}.
Result<int64_t> LoadExportCursor(store::Store& store, const std::string& name);

// Durably sets cursor `name` to `seq`.
Status SaveExportCursor(store::Store& store, const std::string& name, int64_t seq);

}  // namespace vigil::sink
