#include "catalog/model.h"

#include <array>
#include <utility>

namespace vigil::catalog {

namespace {

constexpr std::array<std::pair<ModelType, const char*>, 3> kTypes{{
    {ModelType::kOnlineFraudInsights, "ONLINE_FRAUD_INSIGHTS"},
    {ModelType::kTransactionFraudInsights, "TRANSACTION_FRAUD_INSIGHTS"},
    {ModelType::kAccountTakeoverInsights, "ACCOUNT_TAKEOVER_INSIGHTS"},
}};

constexpr std::array<std::pair<ModelVersionStatus, const char*>, 10> kStatuses{{
    {ModelVersionStatus::kTrainingInProgress, "TRAINING_IN_PROGRESS"},
    {ModelVersionStatus::kTrainingComplete, "TRAINING_COMPLETE"},
    {ModelVersionStatus::kActivateRequested, "ACTIVATE_REQUESTED"},
    {ModelVersionStatus::kActivateInProgress, "ACTIVATE_IN_PROGRESS"},
    {ModelVersionStatus::kActive, "ACTIVE"},
    {ModelVersionStatus::kInactivateRequested, "INACTIVATE_REQUESTED"},
    {ModelVersionStatus::kInactivateInProgress, "INACTIVATE_IN_PROGRESS"},
    {ModelVersionStatus::kInactive, "INACTIVE"},
    {ModelVersionStatus::kError, "ERROR"},
    {ModelVersionStatus::kTrainingCancelled, "TRAINING_CANCELLED"},
}};

template <typename E, size_t N>
const char* NameOf(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return table[0].second;
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, const char*>, N>& table,
                       std::string_view name) {
  for (const auto& [v, n] : table) {
    if (name == n) return v;
  }
  return std::nullopt;
}

}  // namespace

const char* ModelTypeName(ModelType type) { return NameOf(kTypes, type); }
std::optional<ModelType> ParseModelType(std::string_view name) { return Parse(kTypes, name); }
const char* ModelVersionStatusName(ModelVersionStatus status) { return NameOf(kStatuses, status); }
std::optional<ModelVersionStatus> ParseModelVersionStatus(std::string_view name) {
  return Parse(kStatuses, name);
}

std::string InsightScoreVariable(std::string_view model_id) {
  return std::string(model_id) + "_insightscore";
}

std::optional<int> ModelVersionMajor(std::string_view version) {
  const size_t dot = version.find('.');
  if (dot == std::string_view::npos || dot < 1 || dot > 4 || version[0] == '0') return std::nullopt;
  const size_t minor = version.size() - dot - 1;
  if (minor < 1 || minor > 2) return std::nullopt;
  int major = 0;
  for (size_t i = 0; i < version.size(); ++i) {
    if (i == dot) continue;
    if (version[i] < '0' || version[i] > '9') return std::nullopt;
    if (i < dot) major = major * 10 + (version[i] - '0');
  }
  return major;
}

bool IsServable(ModelVersionStatus status) {
  return status == ModelVersionStatus::kTrainingComplete || status == ModelVersionStatus::kActive;
}

}  // namespace vigil::catalog
