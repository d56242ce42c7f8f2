// Catalog objects in AFD's output shapes (the service model's EntityType, Label, Outcome,
// Variable, EventType, Detector, RuleDetail, AllowDenyList and GetDetectorVersionResult), with
// AFD's member names, ISO-8601 times and ARNs (members.h).
#pragma once

#include <boost/json.hpp>

#include "catalog/catalog.h"

namespace vigil::api::afd {

boost::json::object ToAfd(const catalog::EntityType& entity_type);
boost::json::object ToAfd(const catalog::Label& label);
boost::json::object ToAfd(const catalog::Outcome& outcome);
boost::json::object ToAfd(const catalog::Variable& variable);
boost::json::object ToAfd(const catalog::EventType& event_type);
boost::json::object ToAfd(const catalog::Detector& detector);
boost::json::object ToAfd(const catalog::RuleVersion& rule);  // RuleDetail
boost::json::object ToAfd(const catalog::List& list);         // AllowDenyList (no elements)
// GetDetectorVersionResult; `catalog` gives the model versions' types.
boost::json::object ToAfd(const catalog::DetectorVersion& version, const catalog::Catalog& catalog);
// AFD's Rule reference {detectorId, ruleId, ruleVersion}.
boost::json::object RuleRefJson(const std::string& detector_id, const std::string& rule_id,
                                int version);

}  // namespace vigil::api::afd
