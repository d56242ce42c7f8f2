#include "ml/training_set.h"

namespace vigil::ml {

namespace {

template <typename T>
void Keep(std::vector<T>& column, const std::vector<bool>& keep) {
  if (column.empty()) return;
  size_t to = 0;
  for (size_t row = 0; row < keep.size(); ++row) {
    if (keep[row]) column[to++] = std::move(column[row]);
  }
  column.resize(to);
}

}  // namespace

void KeepRows(TrainingSet& set, const std::vector<bool>& keep) {
  for (TrainingColumn& column : set.columns) {
    Keep(column.numbers, keep);
    Keep(column.values, keep);
  }
  Keep(set.micros, keep);
  Keep(set.entity, keep);
  Keep(set.fraud, keep);
}

}  // namespace vigil::ml
