// TrainingSet: the labelled examples a model version learns from and is measured on, one per
// event, in the events' time order. Each input variable's value is the one Decide saw (or would
// have seen) at the event's time — aggregates point in time, replayed through the serving code
// (training/training_replay.h) — so a model never learns from what was not yet known.
//
// Inputs whose encoding needs no fitting (numbers, booleans, ages) are kept encoded, one float
// per row; the others (categories, addresses) keep their values, since their target encodings
// are fitted on each training split's rows alone (training_fit.h).
//
// Plain data; filled by one owner, then read by any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/value.h"
#include "ml/variable_encoder.h"

namespace vigil::ml {

// Whether `kind`'s inputs are kept as values (target-encoded kinds) rather than as floats.
inline bool KeepsValues(EncodingKind kind) {
  return kind == EncodingKind::kCategory || kind == EncodingKind::kIpAddress ||
         kind == EncodingKind::kEmailAddress;
}

struct TrainingColumn {
  std::string variable;
  EncodingKind kind = EncodingKind::kNumber;
  std::vector<float> numbers;  // !KeepsValues(kind): the encoded input, one per row
  std::vector<Value> values;   // KeepsValues(kind): the value, one per row
};

struct TrainingSet {
  std::vector<TrainingColumn> columns;  // the model's inputs, in order
  std::vector<int64_t> micros;          // per row: the event's time, non-decreasing
  std::vector<int64_t> entity;          // per row: its entity (an index into entity_ids)
  std::vector<std::string> entity_ids;  // the entities' ids (e.g. a card's customer_id)
  std::vector<uint8_t> fraud;           // per row: 1 fraud, 0 legitimate

  size_t rows() const { return micros.size(); }
};

// Keeps the rows whose `keep` is true, in order. Precondition: keep.size() == set.rows().
void KeepRows(TrainingSet& set, const std::vector<bool>& keep);

}  // namespace vigil::ml
