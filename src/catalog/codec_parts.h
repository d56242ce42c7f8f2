// Pieces the codec's files share (codec.cc, model_codec.cc); not for use outside catalog/.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "catalog/types.h"
#include "core/json.h"

namespace vigil::catalog {

// created_time and last_updated_time, ISO-8601, left out when zero.
void PutStamps(boost::json::object& o, const Stamps& s);
Result<Stamps> ReadStamps(json::ObjectReader& r);
boost::json::array Strings(const std::vector<std::string>& v);

}  // namespace vigil::catalog
