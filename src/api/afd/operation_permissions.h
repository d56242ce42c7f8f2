// Which API key permissions (api_keys.h) allow which of AFD's operations: the REST API's
// permission model mapped onto AFD's operation names, in one table (operation_permissions.cc).
//
//   decide  GetEventPrediction                                     (as POST /detect)
//   events  SendEvent, UpdateEventLabel, DeleteEvent               (as POST/PUT/DELETE /events)
//   read    GetEvent, GetEventPredictionMetadata, ListEventPredictions
//                                                                  (as GET /events, GET /detect)
//   read or admin
//           the catalog's reads: every other Get*, List*, Describe* and BatchGetVariable
//                                                                  (as GET /v1)
//   admin   everything else: the catalog's Create*, Put*, Update*, Delete*, Batch*, Cancel*,
//           TagResource, UntagResource                             (as POST/PUT/DELETE /v1)
//
// An operation the table does not know (none of the service model's) needs admin.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigil::api::afd {

// The permission bits any one of which allows `operation` (never 0).
uint8_t PermissionsFor(std::string_view operation);

}  // namespace vigil::api::afd
