// JSON form of every catalog object: one codec for the admin API bodies, the detector files
// (YAML is converted to JSON first) and the store. Field names are snake_case. Decoding checks
// shapes and types and rejects unknown fields, naming the field; the rules that relate objects to
// each other are in validation.h.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "catalog/model.h"
#include "catalog/types.h"
#include "core/result.h"

namespace vigil::catalog {

boost::json::object ToJson(const EntityType& v);
boost::json::object ToJson(const Label& v);
boost::json::object ToJson(const Outcome& v);
boost::json::object ToJson(const Variable& v);
boost::json::object ToJson(const AggregateDefinition& v);
boost::json::object ToJson(const DerivedDefinition& v);
boost::json::object ToJson(const EventType& v);
boost::json::object ToJson(const List& v);
boost::json::object ToJson(const RuleVersion& v);
boost::json::object ToJson(const Detector& v);
boost::json::object ToJson(const DetectorVersion& v);
boost::json::object ToJson(const Model& v);
// With `full` false, the summary lists show: no training_metrics and no scorer.
boost::json::object ToJson(const ModelVersion& v, bool full = true);

// FromJson<T>(json, path): `path` prefixes field names in errors ("rules[1]").
template <typename T>
Result<T> FromJson(const boost::json::value& json, const std::string& path = {});

}  // namespace vigil::catalog
