// Reading CSV records (RFC 4180): fields separated by commas, a field in double quotes may hold
// commas and doubled quotes (""), records end at CR LF or LF. A quoted field spanning lines is
// not supported (AFD's event CSVs have none) and is reported as an error, like an unclosed quote
// or text after a closing quote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil {

// Splits one line (without its line end) into `fields` (reused, cleared first). kInvalidArgument
// naming the column (1-based) where the line is malformed.
Status SplitCsvLine(std::string_view line, std::vector<std::string>& fields);

}  // namespace vigil
