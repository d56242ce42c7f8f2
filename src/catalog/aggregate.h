// Aggregate variables: a variable whose value is computed from the earlier events of a key (an
// entity, or the value of a variable), e.g. how many payments this card made in the last 24
// hours. The definition is plain data kept as the author wrote it; features/ computes it.
//
// In a detector file:
//   - name: card_tx_count_24h
//     data_type: INTEGER
//     data_source: AGGREGATE
//     aggregate: {function: count, key: card, window: 24h}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/value.h"

namespace vigil::catalog {

enum class AggregateFunction : uint8_t {
  kCount,          // events in the window (INTEGER)
  kSum,            // sum of a number variable (FLOAT; 0 for an empty window)
  kMean,           // its mean (FLOAT; null for an empty window)
  kMin,            // its minimum (FLOAT; null when empty)
  kMax,            // its maximum (FLOAT; null when empty)
  kDistinctCount,  // distinct values of a variable (INTEGER)
  kTimeSinceLast,  // seconds since the key's previous event (FLOAT; null for the first)
  kFraudCount,     // events of the window labelled fraud, as known at decision time (INTEGER)
  kFraudRate,      // fraud count / events in the window (FLOAT; 0 for an empty window)
};

// "count", "sum", "mean", "min", "max", "distinct_count", "time_since_last", "fraud_count",
// "fraud_rate": the names of the detector file.
std::string_view AggregateFunctionName(AggregateFunction function);
std::optional<AggregateFunction> ParseAggregateFunction(std::string_view name);
// The names above, comma-separated, for messages.
std::string AggregateFunctionNames();

// Whether the function reads a variable's value per event (`of`): sum, mean, min, max (a
// number) and distinct_count (any value).
bool NeedsValue(AggregateFunction function);
// Whether it reads labels (fraud_count, fraud_rate).
bool ReadsLabels(AggregateFunction function);
// The data type of its result: INTEGER for count, distinct_count, fraud_count; else FLOAT.
DataType ResultType(AggregateFunction function);

struct AggregateDefinition {
  std::string event_type = {};  // whose events are aggregated (a detector file's own by default)
  std::string function = {};  // AggregateFunctionName
  // What the events are grouped by: an entity type of the event type (its entity id) or one of
  // its EVENT variables (e.g. terminal_id, ip_address).
  std::string key = {};
  std::string of = {};      // the variable read by sum, mean, min, max, distinct_count
  std::string window = {};  // "24h": 1 second .. 90 days; not used by time_since_last
  std::string delay = {};   // "7d": the window ends this long before the event; empty = 0
  std::string filter = {};  // a DETECTORPL condition on the event; empty = every event counts
  // fraud_count, fraud_rate: the labels that mean fraud; empty = ["fraud"].
  std::vector<std::string> fraud_labels = {};
  friend bool operator==(const AggregateDefinition&, const AggregateDefinition&) = default;
};

// What can be checked without the rest of the catalog: the function, the members it needs or
// must not have, the durations and their bounds, and that `data_type` is the function's result
// type. Errors name the member as "aggregate.<member>". The references (event type, key, of,
// labels) and the filter are checked when the catalog is compiled (engine/snapshot.h).
Status ValidateAggregate(const AggregateDefinition& a, DataType data_type);

// The parsed window and delay, in microseconds. Precondition: ValidateAggregate passed.
int64_t WindowMicros(const AggregateDefinition& a);
int64_t DelayMicros(const AggregateDefinition& a);

}  // namespace vigil::catalog
