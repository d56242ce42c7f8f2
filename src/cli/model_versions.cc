#include "cli/model_versions.h"

#include <utility>

#include "catalog/model_edits.h"

namespace vigil::cli {

Result<std::string> AddModelVersion(engine::CatalogService& service, const catalog::Model& model,
                                    catalog::ModelVersion version) {
  std::string number;
  VIGIL_CHECK(service.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    if (auto it = c.models.find(model.model_id); it == c.models.end()) {
      VIGIL_CHECK(catalog::PutModel(c, model, now));
    } else if (it->second.event_type != model.event_type) {
      return Fail(ErrorCode::kInvalidArgument,
                  "model '" + model.model_id + "' scores '" + it->second.event_type +
                      "' events, not '" + model.event_type + "'",
                  "event_type");
    }
    VIGIL_TRY(n, catalog::PutModelVersion(c, std::move(version), now));
    number = n;
    return {};
  }));
  return number;
}

}  // namespace vigil::cli
