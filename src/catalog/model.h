// Models and model versions, as Amazon Fraud Detector has them (reference §5, §7), as plain data.
//
// A Model names what is scored: an event type and AFD's model type. Creating one also creates its
// score variable `<model_id>_insightscore` (FLOAT, MODEL_SCORE), as AFD does; rules read it, and
// it goes when the model goes (model_edits.h).
//
// A ModelVersion ("1.0", "2.0", ...) is one trained or imported model: its input variables (of
// the model's event type, in feature order), the label schema it was trained with, its training
// metrics (an opaque JSON object: AUC, ROC points, importance, data-validation messages), and the
// scorer — the stored form of ml::ModelScorer (ml/model_scorer.h), kept as JSON text the catalog
// does not read; engine::Snapshot compiles it. Statuses are AFD's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/label_schema.h"
#include "catalog/types.h"

namespace vigil::catalog {

enum class ModelType { kOnlineFraudInsights, kTransactionFraudInsights, kAccountTakeoverInsights };
// "ONLINE_FRAUD_INSIGHTS", "TRANSACTION_FRAUD_INSIGHTS", "ACCOUNT_TAKEOVER_INSIGHTS".
const char* ModelTypeName(ModelType type);
std::optional<ModelType> ParseModelType(std::string_view name);

enum class ModelVersionStatus {
  kTrainingInProgress,
  kTrainingComplete,
  kActivateRequested,
  kActivateInProgress,
  kActive,
  kInactivateRequested,
  kInactivateInProgress,
  kInactive,
  kError,
  kTrainingCancelled,
};
// AFD's strings: "TRAINING_IN_PROGRESS", "TRAINING_COMPLETE", "ACTIVE", "INACTIVE", "ERROR", ...
const char* ModelVersionStatusName(ModelVersionStatus status);
std::optional<ModelVersionStatus> ParseModelVersionStatus(std::string_view name);

struct Model {
  std::string model_id = {};  // ^[0-9a-z_]+$ (no dash, so that $<model_id>_insightscore parses)
  std::string event_type = {};
  ModelType model_type = ModelType::kTransactionFraudInsights;
  std::string description = {};
  Stamps stamps = {};
  friend bool operator==(const Model&, const Model&) = default;
};

// Immutable shared text: copying a catalog does not copy a model's megabytes. Equal when the
// texts are equal.
struct SharedText {
  std::shared_ptr<const std::string> text = {};
  bool empty() const { return text == nullptr || text->empty(); }
  friend bool operator==(const SharedText& a, const SharedText& b) {
    if (a.text == b.text) return true;
    if (a.empty() || b.empty()) return a.empty() && b.empty();
    return *a.text == *b.text;
  }
};

struct ModelVersion {
  std::string model_id = {};
  std::string version = {};  // AFD's floatVersionString: ^[1-9][0-9]{0,3}\.[0-9]{1,2}$, e.g. "1.0"
  ModelVersionStatus status = ModelVersionStatus::kTrainingComplete;
  std::vector<std::string> inputs = {};  // variables of the model's event type, in feature order
  LabelSchema label_schema = {};    // empty for an imported model
  SharedText training_metrics = {}; // a JSON object's text; empty: none
  SharedText scorer = {};           // ml::ModelScorer's stored form; required once trained
  std::string description = {};
  Stamps stamps = {};
  friend bool operator==(const ModelVersion&, const ModelVersion&) = default;
};

// "<model_id>_insightscore".
std::string InsightScoreVariable(std::string_view model_id);
// The major number of an AFD version string ("2.0" -> 2, "1.01" -> 1); nullopt when malformed.
std::optional<int> ModelVersionMajor(std::string_view version);
// Whether a detector version may use a version in this status: TRAINING_COMPLETE or ACTIVE.
bool IsServable(ModelVersionStatus status);

}  // namespace vigil::catalog
