// Api: the HTTP front door. Routes every request, checks its API key and permission and the
// key's rate limit (the client address's without keys), answers CORS preflights, and on the way
// out adds CORS headers, writes one JSON log line and counts it. A request over its rate limit
// is answered 429 before any handler sees it: it is not decided, stored or changed.
//
//   GET  /healthz             process up (no key)
//   GET  /readyz              store open and healthy, catalog loaded (no key)
//   GET  /metrics             Prometheus text format (no key)
//   POST /detect              decide                      permission: decide
//   GET  /detect/{event_id}   the stored decision record  permission: read
//   /events/{event_type}/...  stored events and labels    GET: read; others: events
//   /v1/...                   catalog administration      GET: read or admin; others: admin
//                             (edits run one at a time on a thread of their own, "vigil-admin";
//                             model training in the background on "vigil-train", /v1/jobs)
//   POST / with X-Amz-Target  AFD's JSON API (api/afd/afd_api.h): only without keys for now
//                             (SigV4 is not verified yet); its catalog edits run on vigil-admin
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "api/admin_handler.h"
#include "api/afd/afd_api.h"
#include "api/api_keys.h"
#include "api/detect_handler.h"
#include "api/event_routes.h"
#include "api/rate_limiter.h"
#include "api/service_metrics.h"
#include "core/serial_worker.h"

namespace vigil::api {

struct ApiOptions {
  // Detector used when a /detect body names none. Default: empty, meaning the only detector
  // there is (a body must name one when there are several).
  std::string default_detector;
  // Origins allowed to call from a browser ("*" for any). Default: none (no CORS headers).
  std::vector<std::string> cors_origins;
  // When false, requests need no key (allowed only on a loopback listener; cli/ enforces it).
  bool require_keys = true;
  // Write one JSON log line per request. Default: true.
  bool access_log = true;
  // Rate limit of every key without its own (ApiKey::rate_limit), and of each client address
  // when keys are not required. Health, readiness and metrics are never limited.
  // Default: unlimited.
  RateLimit rate_limit;
  // Trains a model version for POST /v1/models/{id}/training (api/model_training_jobs.h); cli/
  // supplies it. Empty: that route answers 503.
  TrainFunction train;
  // The directory AFD's s3://bucket/key locations map to: <s3_root>/bucket/key (api/afd/
  // s3_location.h). Default: empty (every s3:// location is refused).
  std::string s3_root;
};

class Api {
 public:
  // Every reference must outlive the Api.
  Api(ApiOptions options, engine::Registry& registry, engine::CatalogService& catalog,
      store::Store& store, const Clock& clock, ServiceMetrics& metrics, KeyRingPtr keys);

  // The http::Handler of the server.
  void Handle(http::Request&& request, const http::RequestInfo& info, http::Responder responder);

  // Replace the key ring (thread-safe). A key whose limit changed starts with a full bucket.
  void SetKeys(KeyRingPtr keys);

 private:
  void Route(const CallPtr& call);
  // True when the call may proceed; otherwise it has been answered (401, 403 or 429).
  bool Authorize(const CallPtr& call, uint8_t any_of);
  // Takes a token from `caller`'s bucket; without one, answers with `throttled` (REST: 429 with
  // Retry-After) and returns false.
  using Throttled = std::function<http::Response(std::string message, int64_t retry_after_seconds)>;
  bool Admit(const CallPtr& call, std::string_view caller, const RateLimit& limit,
             const Throttled& throttled);
  bool Admit(const CallPtr& call, std::string_view caller, const RateLimit& limit);
  // POST / with X-Amz-Target: rate limited by client address, then AFD's API.
  void RouteAfd(const CallPtr& call);
  void PrepareBuckets(const KeyRing& keys);
  void Finish(Call& call, http::Response& response);
  const std::string* AllowedOrigin(const http::Request& request) const;

  ApiOptions options_;
  store::Store& store_;
  ServiceMetrics& metrics_;
  std::atomic<KeyRingPtr> keys_;
  DetectHandler detect_;
  EventRoutes events_;
  // Before admin_, which points at them; jobs_ is destroyed first (the running training ends
  // while everything it uses still exists).
  ModelTrainingJobs training_;
  BackgroundJobs jobs_;
  AdminHandler admin_;
  afd::AfdApi afd_;
  RateLimiter limiter_;
  // Runs catalog edits (/v1 calls other than GET). Last: destroyed first, after finishing the
  // edits already received, while everything they use still exists.
  SerialWorker admin_writes_{"vigil-admin"};
};

}  // namespace vigil::api
