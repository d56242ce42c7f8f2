#include "catalog/types.h"

namespace vigil::catalog {

const char* VersionStatusName(VersionStatus status) {
  switch (status) {
    case VersionStatus::kDraft: return "DRAFT";
    case VersionStatus::kActive: return "ACTIVE";
    case VersionStatus::kInactive: return "INACTIVE";
  }
  return "DRAFT";
}

std::optional<VersionStatus> ParseVersionStatus(std::string_view name) {
  if (name == "DRAFT") return VersionStatus::kDraft;
  if (name == "ACTIVE") return VersionStatus::kActive;
  if (name == "INACTIVE") return VersionStatus::kInactive;
  return std::nullopt;
}

const char* ExecutionModeName(ExecutionMode mode) {
  return mode == ExecutionMode::kAllMatched ? "ALL_MATCHED" : "FIRST_MATCHED";
}

std::optional<ExecutionMode> ParseExecutionMode(std::string_view name) {
  if (name == "FIRST_MATCHED") return ExecutionMode::kFirstMatched;
  if (name == "ALL_MATCHED") return ExecutionMode::kAllMatched;
  return std::nullopt;
}

const char* DataSourceName(DataSource source) {
  switch (source) {
    case DataSource::kModelScore: return "MODEL_SCORE";
    case DataSource::kAggregate: return "AGGREGATE";
    case DataSource::kDerived: return "DERIVED";
    case DataSource::kEvent: break;
  }
  return "EVENT";
}

std::optional<DataSource> ParseDataSource(std::string_view name) {
  if (name == "EVENT") return DataSource::kEvent;
  if (name == "MODEL_SCORE") return DataSource::kModelScore;
  if (name == "AGGREGATE") return DataSource::kAggregate;
  if (name == "DERIVED") return DataSource::kDerived;
  return std::nullopt;
}

}  // namespace vigil::catalog
