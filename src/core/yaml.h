// YAML to JSON, so that detector files written by people in YAML go through the same JSON codec
// as API bodies. Plain scalars become numbers, booleans or null when they read as such
// (0, 12.5, true, null, ~); quoted scalars stay strings. Errors carry line:col; text that is not
// valid UTF-8 is an error, and so are aliases (*name) that expand the document to more than
// 16 values per byte of text.
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "core/result.h"

namespace vigil {

Result<boost::json::value> YamlToJson(std::string_view text);

// JSON to YAML text (block style), for `vigil export`.
std::string JsonToYaml(const boost::json::value& value);

}  // namespace vigil
