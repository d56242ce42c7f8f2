// Whole numbers for people to read, with thousands separated: 1754155 -> "1,754,155".
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

std::string Thousands(uint64_t n);

}  // namespace vigil
