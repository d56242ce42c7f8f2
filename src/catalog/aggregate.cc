#include "catalog/aggregate.h"

#include <array>
#include <utility>

#include "core/duration.h"

namespace vigil::catalog {

namespace {

constexpr std::array<std::pair<AggregateFunction, std::string_view>, 9> kNames{{
    {AggregateFunction::kCount, "count"},
    {AggregateFunction::kSum, "sum"},
    {AggregateFunction::kMean, "mean"},
    {AggregateFunction::kMin, "min"},
    {AggregateFunction::kMax, "max"},
    {AggregateFunction::kDistinctCount, "distinct_count"},
    {AggregateFunction::kTimeSinceLast, "time_since_last"},
    {AggregateFunction::kFraudCount, "fraud_count"},
    {AggregateFunction::kFraudRate, "fraud_rate"},
}};

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMaxMicros = 90LL * 86400 * kSecond;

Status Invalid(const std::string& member, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, message, "aggregate." + member);
}

Result<int64_t> Duration(const std::string& text, const std::string& member, int64_t min) {
  auto micros = ParseDuration(text);
  if (!micros) return std::unexpected(Invalid(member, member + ": " + micros.error().message).error());
  if (*micros < min || *micros > kMaxMicros) {
    return std::unexpected(
        Invalid(member, member + " must be between " + (min > 0 ? "1s" : "0s") +
                            " and 90d, not " + text)
            .error());
  }
  return *micros;
}

}  // namespace

std::string_view AggregateFunctionName(AggregateFunction function) {
  for (const auto& [f, name] : kNames) {
    if (f == function) return name;
  }
  return "unknown";
}

std::optional<AggregateFunction> ParseAggregateFunction(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::string AggregateFunctionNames() {
  std::string names;
  for (const auto& [f, n] : kNames) names += (names.empty() ? "" : ", ") + std::string(n);
  return names;
}

bool NeedsValue(AggregateFunction function) {
  switch (function) {
    case AggregateFunction::kSum:
    case AggregateFunction::kMean:
    case AggregateFunction::kMin:
    case AggregateFunction::kMax:
    case AggregateFunction::kDistinctCount:
      return true;
    default:
      return false;
  }
}

bool ReadsLabels(AggregateFunction function) {
  return function == AggregateFunction::kFraudCount || function == AggregateFunction::kFraudRate;
}

DataType ResultType(AggregateFunction function) {
  const bool integer = function == AggregateFunction::kCount ||
                       function == AggregateFunction::kDistinctCount ||
                       function == AggregateFunction::kFraudCount;
  return integer ? DataType::kInteger : DataType::kFloat;
}

Status ValidateAggregate(const AggregateDefinition& a, DataType data_type) {
  auto function = ParseAggregateFunction(a.function);
  if (!function) {
    return Invalid("function", "aggregate function must be one of " + AggregateFunctionNames() +
                                   ", not '" + a.function + "'");
  }
  if (a.event_type.empty()) return Invalid("event_type", "aggregate.event_type is required");
  if (a.key.empty()) {
    return Invalid("key", "aggregate.key is required: an entity type or a variable to group by");
  }
  if (NeedsValue(*function) && a.of.empty()) {
    return Invalid("of", a.function + " needs aggregate.of: the variable it reads");
  }
  if (!NeedsValue(*function) && !a.of.empty()) {
    return Invalid("of", a.function + " reads no variable; remove aggregate.of");
  }
  if (!ReadsLabels(*function) && !a.fraud_labels.empty()) {
    return Invalid("fraud_labels", "only fraud_count and fraud_rate read labels");
  }
  if (*function == AggregateFunction::kTimeSinceLast) {
    if (!a.window.empty() || !a.delay.empty()) {
      return Invalid(a.window.empty() ? "delay" : "window",
                     "time_since_last looks at the previous event: it takes no window or delay");
    }
  } else {
    if (a.window.empty()) return Invalid("window", a.function + " needs aggregate.window, e.g. 24h");
    VIGIL_CHECK(Duration(a.window, "window", kSecond));
    if (!a.delay.empty()) VIGIL_CHECK(Duration(a.delay, "delay", 0));
  }
  const DataType expected = ResultType(*function);
  if (data_type != expected) {
    return Fail(ErrorCode::kInvalidArgument,
                "an aggregate variable computing " + a.function + " is " +
                    DataTypeName(expected) + ", not " + DataTypeName(data_type),
                "data_type");
  }
  return {};
}

int64_t WindowMicros(const AggregateDefinition& a) {
  return a.window.empty() ? 0 : ParseDuration(a.window).value_or(0);
}

int64_t DelayMicros(const AggregateDefinition& a) {
  return a.delay.empty() ? 0 : ParseDuration(a.delay).value_or(0);
}

}  // namespace vigil::catalog
