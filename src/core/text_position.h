// Where a byte offset falls in a text, as people count it, for error messages
// ("malformed JSON at 3:14: ...").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

// "line:column" of byte `offset` of `text`, both from 1; columns count bytes, and an offset past
// the end counts up to the end.
std::string PositionText(std::string_view text, size_t offset);

}  // namespace vigil
