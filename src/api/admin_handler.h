// The REST admin API for the catalog under /v1 (documented in docs/api.md):
//   /v1/{entity-types,labels,outcomes,variables,event-types,lists,detectors}[/{name}]
//       GET (list or one), POST (create), PUT (create or replace), DELETE
//   /v1/lists/{name}/elements                     POST {mode: APPEND|REPLACE|REMOVE, elements}
//   /v1/detectors/{id}/rules[/{rule_id}]          GET, POST (create), PATCH (description), DELETE
//   /v1/detectors/{id}/rules/{rule_id}/versions[/{n}]   POST (new version), GET
//   /v1/detectors/{id}/versions[/{n}]             GET, POST (new DRAFT), PUT (DRAFT only), DELETE
//   /v1/detectors/{id}/versions/{n}/status        PUT {status: ACTIVE|INACTIVE}
//   /v1/models[/{model_id}]                       GET (with version summaries), POST, PUT, DELETE
//   /v1/models/{id}/versions[/{version}]          GET, POST (a whole version: catalog's
//                                                 PutModelVersion), DELETE
//   /v1/models/{id}/versions/{version}/status     PUT {status: ACTIVE|INACTIVE|TRAINING_CANCELLED}
//   /v1/apply                                     POST a detector file (YAML or JSON)
//   /v1/detectors/{id}/export                     GET the detector file (YAML; JSON with ?format=json)
// Every change goes through engine::CatalogService: validated, compiled, persisted, published.
#pragma once

#include "api/model_training_jobs.h"
#include "core/background_jobs.h"

#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "engine/catalog_service.h"

namespace vigil::api {

class AdminHandler {
 public:
  // `training` (may be null: training over the API is then refused) outlives this.
  explicit AdminHandler(engine::CatalogService& service, ModelTrainingJobs* training = nullptr,
                        const BackgroundJobs* jobs = nullptr)
      : service_(service), training_(training), jobs_(jobs) {}

  // `segments`: the path after "/v1", split on '/'. Answers 404 for unknown paths and 405 for
  // unknown methods.
  void Handle(const CallPtr& call, const std::vector<std::string>& segments,
              std::string_view query);

 private:
  template <typename T>
  void Named(const CallPtr& call, const std::vector<std::string>& segments);
  void ListElements(const CallPtr& call, const std::string& name);
  void Rules(const CallPtr& call, const std::string& detector_id,
             const std::vector<std::string>& rest);
  void Versions(const CallPtr& call, const std::string& detector_id,
                const std::vector<std::string>& rest);
  void Models(const CallPtr& call, const std::vector<std::string>& segments);  // model routes
  void Train(const CallPtr& call, const std::string& model_id);  // POST .../training
  void Jobs(const CallPtr& call, const std::vector<std::string>& segments);
  void ApplyDocument(const CallPtr& call);
  void ExportDocument(const CallPtr& call, const std::string& detector_id, std::string_view query);

  engine::CatalogService& service_;
  ModelTrainingJobs* training_;
  const BackgroundJobs* jobs_;
};

}  // namespace vigil::api
