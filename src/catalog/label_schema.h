// How a model version reads an event type's labels, as AFD's LabelSchema: which labels mean
// FRAUD and which LEGIT (labelMapper, several per class allowed), and what an event without a
// label counts as (unlabeledEventsTreatment).
//
//   LabelSchema schema{.fraud = {"fraud", "chargeback"}, .legit = {"legit"}};
//   ClassOf(schema, "chargeback", false) == TrainingClass::kFraud
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::catalog {

enum class UnlabeledTreatment : uint8_t {
  kIgnore,  // unlabelled events are left out of training (AFD's default)
  kFraud,   // they count as fraud
  kLegit,   // they count as legitimate
  // They count as legitimate once settled — older than the time by which 95% of the frauds had
  // their label (SettledBefore) — and are left out before: a recent event without a label may
  // still turn out to be fraud.
  kAuto,
};
// "IGNORE", "FRAUD", "LEGIT", "AUTO".
const char* UnlabeledTreatmentName(UnlabeledTreatment treatment);
std::optional<UnlabeledTreatment> ParseUnlabeledTreatment(std::string_view name);

struct LabelSchema {
  std::vector<std::string> fraud = {};  // labelMapper["FRAUD"]
  std::vector<std::string> legit = {};  // labelMapper["LEGIT"]
  UnlabeledTreatment unlabeled = UnlabeledTreatment::kIgnore;
  friend bool operator==(const LabelSchema&, const LabelSchema&) = default;
};

// Both classes name at least one label, every label is one of `event_type_labels`, and no label
// is in both classes. Errors name "label_schema.fraud" or "label_schema.legit".
Status ValidateLabelSchema(const LabelSchema& schema,
                           std::span<const std::string> event_type_labels);

enum class TrainingClass : uint8_t { kFraud, kLegit, kLeftOut };

// The class of an event with `label` (nullopt: none) under `schema`. A label in neither class is
// left out. `settled`: the event is older than SettledBefore (only AUTO reads it).
TrainingClass ClassOf(const LabelSchema& schema, std::optional<std::string_view> label,
                      bool settled);

// For AUTO: `newest_event_micros` less the 95th percentile of the frauds' label delays (label
// time less event time). With no fraud labelled, nothing is settled (the minimum int64).
int64_t SettledBefore(std::vector<int64_t> fraud_label_delays_micros, int64_t newest_event_micros);

}  // namespace vigil::catalog
