#include "store/chain_verifier.h"

namespace vigil::store {

void ChainVerifier::Break(int64_t seq, std::string problem) {
  report_.first_bad_seq = seq;
  report_.problem = std::move(problem);
}

Status ChainVerifier::Add(const ChainRow& row) {
  ++report_.records;
  report_.head_seq = row.seq;
  report_.head_hash = row.hash;
  if (!report_.ok()) return {};  // report the first break only; keep counting

  const std::string seq = std::to_string(row.seq);
  if (row.seq != last_.seq + 1) {
    if (row.seq > last_.seq + 1) {
      Break(last_.seq + 1, "record seq " + std::to_string(last_.seq + 1) +
                               " is missing (the next stored seq is " + seq + ")");
    } else {
      Break(row.seq,
            "record seq " + seq + " appears out of order after seq " + std::to_string(last_.seq));
    }
    return {};
  }
  if (row.prev_hash != last_.hash) {
    Break(row.seq, "record seq " + seq + " (event " + row.event_id +
                       ") does not link to the record before it: its prev_hash is not the hash "
                       "of seq " +
                       std::to_string(last_.seq));
    return {};
  }
  VIGIL_TRY(hash, hasher_.Hash(ChainFields{.prev_hash = row.prev_hash,
                                           .seq = row.seq,
                                           .event_id = row.event_id,
                                           .detector_id = row.detector_id,
                                           .detector_version = row.detector_version,
                                           .event_type = row.event_type,
                                           .fraud_label = row.fraud_label,
                                           .insight_score = row.insight_score,
                                           .timestamp = row.timestamp,
                                           .event_timestamp = row.event_timestamp,
                                           .record_json = row.record_json}));
  if (hash != row.hash) {
    Break(row.seq, "record seq " + seq + " (event " + row.event_id +
                       ") was altered: its contents do not match its hash");
    return {};
  }
  if (committed_head_ && row.seq == committed_head_->seq) {
    head_seen_ = true;
    if (row.hash != committed_head_->hash) {
      Break(row.seq, "record seq " + seq + " (event " + row.event_id +
                         ") is not the record committed as seq " + seq +
                         ": it was rewritten together with its hash");
      return {};
    }
  }
  last_ = ChainHead{row.seq, row.hash};
  return {};
}

ChainReport ChainVerifier::Finish() {
  if (report_.ok() && committed_head_ && committed_head_->seq > 0 && !head_seen_) {
    Break(last_.seq + 1, "records seq " + std::to_string(last_.seq + 1) + " to " +
                             std::to_string(committed_head_->seq) +
                             " were committed and are missing");
  }
  if (report_.records == 0) report_.head_hash = std::string(kGenesisHash);
  return report_;
}

}  // namespace vigil::store
