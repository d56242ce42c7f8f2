// Compile errors a rule author can act on: "line:col: what is wrong". Lines and columns are
// 1-based; columns count characters (UTF-8 code points), a tab counts as one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::rules {

struct SourcePosition {
  int line = 1;
  int column = 1;
};

// The position of byte `offset` of `source` (offsets past the end locate the end).
SourcePosition Locate(std::string_view source, size_t offset);
std::string FormatPosition(SourcePosition position);  // "3:14"

// InvalidArgument, field "expression", message "<line>:<col>: <message>".
Error CompileError(std::string_view source, size_t offset, std::string_view message);

// Closest of `candidates` to `name` for a "did you mean" hint, or empty when none is close:
// same name in another case first, then the smallest edit distance within about a third of the
// name's length, then the shortest name that `name` (3+ characters) is the beginning of.
std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates);

}  // namespace vigil::rules
