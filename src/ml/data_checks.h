// Checks on a training set before a model is trained, in the spirit of AFD's
// dataValidationMetrics: file-level messages (enough labelled events of each class, enough rows)
// and field-level ones (an empty or constant variable is dropped, many missing values are
// reported). An ERROR means no model should be trained; a WARNING says what was done about a
// problem; an INFO is worth knowing.
//
//   DataChecks checks = CheckTrainingData(matrix, names, labels);
//   if (!checks.ok()) ...report checks.messages, train nothing...
//   ...train on the columns where checks.keep[c]...
//
// Pure: thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "ml/feature_matrix.h"

namespace vigil::ml {

enum class Severity { kError, kWarning, kInfo };
const char* SeverityName(Severity severity);  // "ERROR", "WARNING", "INFO", as AFD writes them

struct DataMessage {
  Severity severity = Severity::kInfo;
  std::string field;    // the variable; empty for the data set as a whole
  std::string title;    // short: "Too few fraud events"
  std::string content;  // the figures, and what was done
};
// "ERROR: Too few fraud events: ..." or "WARNING tx_amount: Constant variable: ...".
std::string FormatMessage(const DataMessage& message);

struct DataCheckOptions {
  // Labelled events of each class needed to train; AFD's minimum. Default: 400.
  size_t min_events_per_class = 400;
  // Fewer rows than this give a WARNING (AFD's profiler asks for 10,000). Default: 10,000.
  size_t recommended_rows = 10'000;
  // A variable with more missing values than this share gets an INFO. Default: 0.2.
  double missing_share_reported = 0.2;
};

struct DataChecks {
  std::vector<DataMessage> messages;  // errors first, then warnings, then infos
  std::vector<bool> keep;             // per column: false for an empty or constant variable
  bool ok() const;                    // no ERROR
};

// `names`: one per feature (column); `fraud`: one label per row. Preconditions: the matrix's
// shape holds (FeatureMatrix::CheckShape), names.size() == num_features, fraud.size() == num_rows.
DataChecks CheckTrainingData(const FeatureMatrix& matrix, std::span<const std::string> names,
                             std::span<const bool> fraud, const DataCheckOptions& options = {});

}  // namespace vigil::ml
