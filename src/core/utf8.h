// UTF-8 validation, as RFC 3629 defines it (no overlong forms, no surrogates, nothing above
// U+10FFFF): exactly what Boost.JSON accepts, so that text checked here can be stored as JSON and
// read back. Text that arrives as JSON is checked by the JSON parser; text that arrives another
// way (YAML, through yaml-cpp, which passes bytes through) must be checked with this.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil {

// The byte offset of the first byte that does not start a valid UTF-8 sequence, or nullopt when
// all of `text` is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

}  // namespace vigil
