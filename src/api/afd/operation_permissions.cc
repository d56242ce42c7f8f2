#include "api/afd/operation_permissions.h"

#include <array>
#include <utility>

#include "api/api_keys.h"

namespace vigil::api::afd {

namespace {

// The operations that are not the catalog's: predictions and stored events.
constexpr std::array<std::pair<std::string_view, uint8_t>, 7> kEventOperations{{
    {"GetEventPrediction", kDecide},
    {"SendEvent", kEvents},
    {"UpdateEventLabel", kEvents},
    {"DeleteEvent", kEvents},
    {"GetEvent", kRead},
    {"GetEventPredictionMetadata", kRead},
    {"ListEventPredictions", kRead},
}};

// Reads of the catalog, as GET /v1: by prefix, and the one batch read.
constexpr std::array<std::string_view, 3> kCatalogReadPrefixes{"Get", "List", "Describe"};

}  // namespace

uint8_t PermissionsFor(std::string_view operation) {
  for (const auto& [name, bits] : kEventOperations) {
    if (operation == name) return bits;
  }
  if (operation == "BatchGetVariable") return kRead | kAdmin;
  for (std::string_view prefix : kCatalogReadPrefixes) {
    if (operation.starts_with(prefix)) return kRead | kAdmin;
  }
  return kAdmin;
}

}  // namespace vigil::api::afd
