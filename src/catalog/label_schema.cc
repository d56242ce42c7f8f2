#include "catalog/label_schema.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace vigil::catalog {

const char* UnlabeledTreatmentName(UnlabeledTreatment treatment) {
  switch (treatment) {
    case UnlabeledTreatment::kIgnore:
      return "IGNORE";
    case UnlabeledTreatment::kFraud:
      return "FRAUD";
    case UnlabeledTreatment::kLegit:
      return "LEGIT";
    case UnlabeledTreatment::kAuto:
      return "AUTO";
  }
  return "IGNORE";
}

std::optional<UnlabeledTreatment> ParseUnlabeledTreatment(std::string_view name) {
  for (auto t : {UnlabeledTreatment::kIgnore, UnlabeledTreatment::kFraud,
                 UnlabeledTreatment::kLegit, UnlabeledTreatment::kAuto}) {
    if (name == UnlabeledTreatmentName(t)) return t;
  }
  return std::nullopt;
}

Status ValidateLabelSchema(const LabelSchema& schema,
                           std::span<const std::string> event_type_labels) {
  for (const auto& [labels, field, name] :
       {std::tuple{&schema.fraud, "label_schema.fraud", "FRAUD"},
        std::tuple{&schema.legit, "label_schema.legit", "LEGIT"}}) {
    if (labels->empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("the label mapper names no label for ") + name, field);
    }
    for (const std::string& label : *labels) {
      if (std::ranges::find(event_type_labels, label) == event_type_labels.end()) {
        std::string known;
        for (const auto& l : event_type_labels) known += (known.empty() ? "" : ", ") + l;
        return Fail(ErrorCode::kInvalidArgument,
                    "'" + label + "' is not a label of the event type (it has " + known + ")",
                    field);
      }
    }
  }
  for (const std::string& label : schema.fraud) {
    if (std::ranges::find(schema.legit, label) != schema.legit.end()) {
      return Fail(ErrorCode::kInvalidArgument, "'" + label + "' is mapped to both FRAUD and LEGIT",
                  "label_schema.legit");
    }
  }
  return {};
}

TrainingClass ClassOf(const LabelSchema& schema, std::optional<std::string_view> label,
                      bool settled) {
  if (label) {
    if (std::ranges::find(schema.fraud, *label) != schema.fraud.end()) return TrainingClass::kFraud;
    if (std::ranges::find(schema.legit, *label) != schema.legit.end()) return TrainingClass::kLegit;
    return TrainingClass::kLeftOut;
  }
  switch (schema.unlabeled) {
    case UnlabeledTreatment::kIgnore:
      return TrainingClass::kLeftOut;
    case UnlabeledTreatment::kFraud:
      return TrainingClass::kFraud;
    case UnlabeledTreatment::kLegit:
      return TrainingClass::kLegit;
    case UnlabeledTreatment::kAuto:
      return settled ? TrainingClass::kLegit : TrainingClass::kLeftOut;
  }
  return TrainingClass::kLeftOut;
}

int64_t SettledBefore(std::vector<int64_t> delays, int64_t newest_event_micros) {
  if (delays.empty()) return std::numeric_limits<int64_t>::min();
  const size_t at = std::min(delays.size() - 1, (delays.size() * 95 + 99) / 100 - 1);
  std::nth_element(delays.begin(), delays.begin() + static_cast<ptrdiff_t>(at), delays.end());
  return newest_event_micros - delays[at];
}

}  // namespace vigil::catalog
