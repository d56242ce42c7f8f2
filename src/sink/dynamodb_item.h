// A decision record as a DynamoDB item: the attribute-value JSON of the DynamoDB API
// ({"S": "text"}, {"N": "947"}, {"M": {...}}, ...) that PutItem and BatchWriteItem take.
//
// The item is the seed's row of `FraudDetectionResults` (key `event_id`) plus the record:
//   event_id          S  the key
//   fraud_label       S  e.g. "FRAUD"
//   insight_score     N  absent when the decision had no model score
//   timestamp         S  decision time, ISO 8601 UTC ("2025-07-15T12:34:56Z")
//   detector_id       S
//   detector_version  S
//   event_type        S
//   seq               N  the record's place in the store's hash chain
//   hash              S  its hash (hex SHA-256)
//   record            M  the full decision record (JSON) as attribute values
//   record_omitted    BOOL true, in place of `record`, when the item would exceed DynamoDB's
//                          400 KB item limit with it (the record stays in Vigil's store)
// Pure functions, thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vigil::sink {

// Largest item written with its `record`, in bytes of attribute-value JSON: under DynamoDB's
// 400 KB (which counts names and values in UTF-8, less than the JSON text).
inline constexpr size_t kMaxItemJsonBytes = 350 * 1024;

// JSON as a DynamoDB attribute value: null → NULL, true/false → BOOL, a number → N (shortest
// text that reads back exactly; an integral double as an integer), a string → S, an array → L,
// an object → M. A number outside DynamoDB's range (magnitudes 1e-130 .. 9.9e125) is kept as its
// text in S rather than refused.
boost::json::object ToAttributeValue(const boost::json::value& value);

// The item of `record` (which must be as stored: seq and hash set). kInvalidArgument when its
// record_json is not JSON (the store keeps it verbatim, so only a bug gives that).
Result<boost::json::object> DecisionItem(const store::DecisionRecord& record);

}  // namespace vigil::sink
