#include "ml/data_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/thousands.h"

namespace vigil::ml {

namespace {

std::string Percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * share);
  return text;
}

void CheckColumn(const FeatureMatrix& m, size_t c, const std::string& name,
                 const DataCheckOptions& options, DataChecks& out) {
  size_t missing = 0;
  bool constant = true;
  float first = NAN;
  for (size_t r = 0; r < m.num_rows; ++r) {
    const float v = m.values[r * m.num_features + c];
    if (std::isnan(v)) {
      ++missing;
    } else if (std::isnan(first)) {
      first = v;
    } else if (v != first) {
      constant = false;
    }
  }
  if (missing == m.num_rows) {
    out.keep[c] = false;
    out.messages.push_back({Severity::kWarning, name, "Empty variable",
                            "no event has a value for it; it is left out of the model"});
    return;
  }
  if (constant) {
    out.keep[c] = false;
    char value[32];
    std::snprintf(value, sizeof value, "%g", first);
    out.messages.push_back({Severity::kWarning, name, "Constant variable",
                            std::string("every event with a value has ") + value +
                                ", which tells nothing apart; it is left out of the model"});
    return;
  }
  const double share = static_cast<double>(missing) / static_cast<double>(m.num_rows);
  if (share > options.missing_share_reported) {
    out.messages.push_back({Severity::kInfo, name, "Many missing values",
                            Percent(share) +
                                " of the events have no value; the trees send them down the branch "
                                "that suited such events in training"});
  }
}

}  // namespace

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "ERROR";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kInfo:
      return "INFO";
  }
  return "INFO";
}

std::string FormatMessage(const DataMessage& m) {
  return std::string(SeverityName(m.severity)) + (m.field.empty() ? "" : " " + m.field) + ": " +
         m.title + ": " + m.content;
}

bool DataChecks::ok() const {
  return std::none_of(messages.begin(), messages.end(),
                      [](const DataMessage& m) { return m.severity == Severity::kError; });
}

DataChecks CheckTrainingData(const FeatureMatrix& m, std::span<const std::string> names,
                             std::span<const bool> fraud, const DataCheckOptions& options) {
  DataChecks out;
  out.keep.assign(m.num_features, true);
  const size_t frauds = static_cast<size_t>(std::count(fraud.begin(), fraud.end(), true));
  const size_t legits = fraud.size() - frauds;
  for (const auto& [n, what] : {std::pair{frauds, "fraud"}, std::pair{legits, "legitimate"}}) {
    if (n >= options.min_events_per_class) continue;
    out.messages.push_back({Severity::kError, "", std::string("Too few ") + what + " events",
                            Thousands(n) + " labelled " + what +
                                " events; a model needs at least " +
                                Thousands(options.min_events_per_class) + " of each class"});
  }
  if (m.num_rows < options.recommended_rows) {
    out.messages.push_back({Severity::kWarning, "", "Small data set",
                            Thousands(m.num_rows) + " events; with fewer than " +
                                Thousands(options.recommended_rows) +
                                " the model's figures are uncertain (see the AUC's range)"});
  }
  for (size_t c = 0; c < m.num_features; ++c) CheckColumn(m, c, names[c], options, out);
  if (std::none_of(out.keep.begin(), out.keep.end(), [](bool k) { return k; })) {
    out.messages.push_back({Severity::kError, "", "No usable variable",
                            "every variable is empty or constant: there is nothing to learn from"});
  }
  std::stable_sort(out.messages.begin(), out.messages.end(),
                   [](const DataMessage& a, const DataMessage& b) {
                     return static_cast<int>(a.severity) < static_cast<int>(b.severity);
                   });
  return out;
}

}  // namespace vigil::ml
