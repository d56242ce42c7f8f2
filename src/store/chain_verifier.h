// Checks a hash chain record by record: fed the stored rows in seq order, it finds the first
// place where the chain breaks (a gap in seq, a prev_hash that is not the previous hash, a hash
// that does not match its row) and builds the ChainReport. Backend-neutral: a backend reads the
// rows, the verifier judges them.
//
// Not thread-safe; one verifier per walk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/hash_chain.h"
#include "store/store.h"

namespace vigil::store {

// A decision row as stored, every hashed column as text (insight_score as ScoreText).
struct ChainRow {
  int64_t seq = 0;
  std::string event_id;
  std::string detector_id;
  std::string detector_version;
  std::string event_type;
  std::string fraud_label;
  std::string insight_score;
  std::string timestamp;
  std::string event_timestamp;
  std::string record_json;
  std::string prev_hash;
  std::string hash;
};

class ChainVerifier {
 public:
  // `committed_head`: the newest record the writer committed before the walk's snapshot began,
  // if known. The walk must then contain it with that hash; this catches the newest records
  // being deleted or rewritten together with their hashes while the store runs.
  explicit ChainVerifier(std::optional<ChainHead> committed_head)
      : committed_head_(std::move(committed_head)) {}

  // Takes the next row (seq ascending). Fails only when hashing fails (kInternal).
  Status Add(const ChainRow& row);

  // The report after the last row.
  ChainReport Finish();

 private:
  void Break(int64_t seq, std::string problem);

  ChainHasher hasher_;
  std::optional<ChainHead> committed_head_;
  bool head_seen_ = false;
  ChainHead last_;
  ChainReport report_;
};

}  // namespace vigil::store
