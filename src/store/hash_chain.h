// The hash chain over decision records. Each record's hash covers every column the store keeps
// for it and the previous record's hash, so editing any stored field, deleting a record or
// changing the order is detected by recomputing the chain (Store::VerifyChain).
//
//   hash = hex(SHA-256(prev_hash '\n' seq '\n' event_id '\n' detector_id '\n' detector_version
//                      '\n' event_type '\n' fraud_label '\n' insight_score '\n' timestamp '\n'
//                      event_timestamp '\n' record_json))
//
// seq is decimal; insight_score is ScoreText (empty for none); timestamp and event_timestamp are
// TimestampText of decided_micros and event_micros (record_text.h). Only record_json may contain
// a newline, which keeps the input unambiguous. The first record's prev_hash is kGenesisHash.
// To check a record by hand: printf '%s\n...' fields | sha256sum.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace vigil::store {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Fails with kInvalidArgument when a field the hash separates by newlines contains one, or a
// timestamp or score cannot be stored (out of range, not finite), or event_id is empty.
Status CheckChainable(const DecisionRecord& record);

// The newest link of a chain: its seq (0 for an empty chain) and hash.
struct ChainHead {
  int64_t seq = 0;
  std::string hash = std::string(kGenesisHash);
};

// The hash input, as text exactly as stored (views; the owner keeps them alive).
struct ChainFields {
  std::string_view prev_hash;
  int64_t seq = 0;
  std::string_view event_id;
  std::string_view detector_id;
  std::string_view detector_version;
  std::string_view event_type;
  std::string_view fraud_label;
  std::string_view insight_score;  // ScoreText
  std::string_view timestamp;      // TimestampText(decided_micros)
  std::string_view event_timestamp;
  std::string_view record_json;
};

// Computes chain hashes. Holds an OpenSSL digest context, so one instance serves one thread at a
// time; make one per thread. Not copyable.
class ChainHasher {
 public:
  ChainHasher();
  ~ChainHasher();
  ChainHasher(const ChainHasher&) = delete;
  ChainHasher& operator=(const ChainHasher&) = delete;

  // Fails with kInternal only if OpenSSL fails.
  Result<std::string> Hash(const ChainFields& fields);

  // The hash of `record` given its seq and prev_hash (its own `hash` is ignored).
  // Precondition: CheckChainable(record) passed.
  Result<std::string> Hash(const DecisionRecord& record);
  // The same, with the record's text columns already formatted (TimestampText, ScoreText).
  Result<std::string> Hash(const DecisionRecord& record, std::string_view score,
                           std::string_view timestamp, std::string_view event_timestamp);

 private:
  struct Context;
  Context* context_;
};

}  // namespace vigil::store
