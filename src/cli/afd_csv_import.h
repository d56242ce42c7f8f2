// Reading AFD's stored-event CSV (EVENT_ID, EVENT_TIMESTAMP, ENTITY_ID, ENTITY_TYPE, EVENT_LABEL,
// LABEL_TIMESTAMP, then one lower-case column per event variable; docs/import.md) into a store,
// as `vigil import` does into a data directory and `vigil train --csv` into a scratch one. Rows
// are checked exactly as POST /events checks a body; a bad row is counted with its line number
// and reason and skipped, never stopping or corrupting the rest.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace vigil::cli {

struct CsvImport {
  uint64_t imported = 0;
  uint64_t rejected = 0;
  std::vector<std::pair<uint64_t, std::string>> first_rejects;  // line number, reason: the first 20
  std::map<std::string, uint64_t> reasons;  // rejected rows by their reason's first part
};

// Reads `in` (header first; `total_bytes` 0 when unknown, for the progress line) and puts its rows
// as events of `event_type` into `store`, `batch` events a transaction. Errors: kInvalidArgument
// for an empty file or a header that does not fit the event type (nothing stored); a store error,
// saying where it stopped (the batches before are stored).
Result<CsvImport> ImportAfdCsv(std::istream& in, uint64_t total_bytes,
                               const engine::CompiledEventType& event_type, store::Store& store,
                               size_t batch);

// Prints the rejected rows (the first 20, then counts by reason) to stderr.
void PrintRejects(const CsvImport& import);

}  // namespace vigil::cli
