#include "cli/apply_file.h"

#include <boost/json.hpp>

#include "catalog/detector_document.h"
#include "catalog/detector_file.h"
#include "core/log.h"

namespace vigil::cli {

Status ApplyFile(engine::CatalogService& service, const std::string& path) {
  VIGIL_TRY(doc, catalog::ReadDetectorDocument(path));
  catalog::ApplyReport report;
  VIGIL_CHECK(service.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    VIGIL_TRY(r, catalog::Apply(c, doc, now));
    report = std::move(r);
    return {};
  }));
  boost::json::array changes;
  for (const auto& line : report.changes) changes.emplace_back(line);
  log::Info("applied detector file", {{"file", path},
                                      {"detector_id", doc.detector.detector_id},
                                      {"detector_version", report.detector_version},
                                      {"changes", std::move(changes)}});
  return {};
}

}  // namespace vigil::cli
