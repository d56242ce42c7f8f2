// The `decisions` table: how a DecisionRecord maps to a row, and the statements on it. Shared by
// the writer (insert, duplicate lookup, chain head) and the read connections (get, list, chain
// walk). Statements are prepared once per connection (Connection::Cached).
//
// Thread-safety: as the Connection passed in (one thread at a time).
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/chain_verifier.h"
#include "store/hash_chain.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace vigil::store::sqlite {

// Inserts `record` with its seq, prev_hash and hash; `timestamp` and `event_timestamp` are its
// times as TimestampText (the caller has them from hashing). Returns false, changing nothing, when
// a record with its event_id is already stored (or inserted earlier in the same transaction).
// Precondition: CheckChainable(record) passed.
Result<bool> InsertDecision(Connection& connection, const DecisionRecord& record,
                            std::string_view timestamp, std::string_view event_timestamp);

// The record stored under `event_id` (seen by this connection: a writer sees its own open
// transaction), or nullopt.
Result<std::optional<DecisionRecord>> SelectDecision(Connection& connection,
                                                     std::string_view event_id);

// Records matching `query`, newest first. kInvalidArgument for a malformed query.
Result<std::vector<DecisionRecord>> SelectDecisions(Connection& connection,
                                                    const DecisionQuery& query);

// The newest record's seq and hash; {0, kGenesisHash} when there is none.
Result<ChainHead> SelectChainHead(Connection& connection);

// Calls `visit` with every row in seq order, as stored; stops early when it returns an error.
Status ForEachChainRow(Connection& connection, const std::function<Status(const ChainRow&)>& visit);

}  // namespace vigil::store::sqlite
