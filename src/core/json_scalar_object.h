// json::ReadScalarObject: a flat JSON object (a stored event's variables) read straight into
// (name, Value) pairs, for readers of millions of them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/value.h"

namespace vigil::json {

// Reads text that must be a JSON object of scalars into fields[first...] as (name, Value) pairs in
// the text's order, converted as ToValue converts, and resizes `fields` to end after the last; a
// name given twice is kept twice. Reuses the storage of `fields` (no JSON tree is built: a
// rebuild reads millions of stored events). On an error (malformed JSON naming line and column,
// not an object, a member that is an array or object, a number out of range) `fields` is
// resized to `first`.
Status ReadScalarObject(std::string_view text, std::vector<std::pair<std::string, Value>>& fields,
                        size_t first = 0);

}  // namespace vigil::json
