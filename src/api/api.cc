#include "api/api.h"

#include <algorithm>

#include "api/afd/afd_protocol.h"
#include "api/responses.h"
#include "core/log.h"

namespace vigil::api {

namespace beast_http = boost::beast::http;

namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// AFD's ThrottlingException is a 400, which AWS SDKs retry with back-off.
auto AfdThrottled(const CallPtr& call) {
  return [call](std::string message, int64_t) {
    return afd::AfdFailure(call->request(), afd::NewRequestId(),
                           afd::AfdError{"ThrottlingException", std::move(message), 400});
  };
}

}  // namespace

Api::Api(ApiOptions options, engine::Registry& registry, engine::CatalogService& catalog,
         store::Store& store, const Clock& clock, ServiceMetrics& metrics, KeyRingPtr keys)
    : options_(std::move(options)),
      store_(store),
      metrics_(metrics),
      keys_(std::move(keys)),
      detect_(registry, store, clock, metrics, options_.default_detector),
      events_(registry, store, metrics),
      training_(catalog, jobs_, options_.train),
      jobs_(clock, "vigil-train"),
      admin_(catalog, &training_, &jobs_),
      afd_(afd::AfdOptions{.allow_unauthenticated = !options_.require_keys,
                           .keys = [this] { return keys_.load(); },
                           .admit =
                               [this](const CallPtr& call, const ApiKey& key) {
                                 return Admit(call, key.name,
                                              key.rate_limit.value_or(options_.rate_limit),
                                              AfdThrottled(call));
                               }},
           afd::Context{registry, catalog, store, clock, detect_, events_, &training_, &jobs_,
                        options_.s3_root,
                        std::make_shared<afd::BatchPredictions>(registry, clock)},
           [this](std::function<void()> work) { admin_writes_.Post(std::move(work)); }),
      limiter_(clock) {
  PrepareBuckets(*keys_.load());
  if (options_.require_keys) {
    int access_keys = 0;
    keys_.load()->ForEach(
        [&access_keys](const ApiKey& key) { access_keys += key.access_key ? 1 : 0; });
    log::Info("AFD API: every call must be SigV4-signed with a key's access key",
              {{"access_keys", access_keys}});
  } else {
    log::Warn("AFD API without authentication: listening on loopback only",
              {{"endpoint", "POST / (X-Amz-Target: AWSHawksNestServiceFacade.<Operation>)"},
               {"reason", "no API keys: SigV4 signatures are not checked; with keys, every AFD "
                          "call must be signed with a key's access key"}});
  }
}

void Api::SetKeys(KeyRingPtr keys) {
  PrepareBuckets(*keys);
  keys_.store(std::move(keys));
}

void Api::PrepareBuckets(const KeyRing& keys) {
  keys.ForEach([this](const ApiKey& key) {
    limiter_.Prepare(key.name, key.rate_limit.value_or(options_.rate_limit));
  });
}

void Api::Handle(http::Request&& request, const http::RequestInfo& info,
                 http::Responder responder) {
  auto call = std::make_shared<Call>(std::move(request), info, std::move(responder),
                                     [this](Call& c, http::Response& r) { Finish(c, r); });
  Route(call);
}

const std::string* Api::AllowedOrigin(const http::Request& request) const {
  auto origin = request.find(beast_http::field::origin);
  if (origin == request.end()) return nullptr;
  for (const auto& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == origin->value()) return &allowed;
  }
  return nullptr;
}

bool Api::Admit(const CallPtr& call, std::string_view caller, const RateLimit& limit) {
  return Admit(call, caller, limit, [&call](std::string message, int64_t retry_after_seconds) {
    return ThrottledResponse(call->request(), std::move(message), retry_after_seconds);
  });
}

bool Api::Admit(const CallPtr& call, std::string_view caller, const RateLimit& limit,
                const Throttled& throttled) {
  const Admission admission = limiter_.Admit(caller, limit);
  if (admission.admitted) return true;
  metrics_.RecordRateLimited(caller);
  const std::string who = options_.require_keys ? "key '" + std::string(caller) + "'"
                                                : "client " + std::string(caller);
  if (admission.refusals_to_report > 0) {
    // At most one line per caller per second; vigil_rate_limited_total counts every refusal.
    log::Warn("rate limited", {{options_.require_keys ? "key" : "client", caller},
                               {"limit", RateLimitText(limit)},
                               {"refused", admission.refusals_to_report}});
  }
  call->Finish(throttled(who + " is over its rate limit (" + RateLimitText(limit) +
                             "); retry after " + std::to_string(admission.retry_after_seconds) +
                             " s",
                         admission.retry_after_seconds));
  return false;
}

void Api::RouteAfd(const CallPtr& call) {
  call->route = "/ (AFD)";
  // With keys the AFD API limits each call by the key that signed it, once it knows the key
  // (AfdOptions::admit); keyless servers are limited here, by client address, as the REST API
  // limits them.
  if (!options_.require_keys) {
    if (!Admit(call, call->info().remote_address, options_.rate_limit, AfdThrottled(call))) {
      return;
    }
  }
  afd_.Handle(call);
}

bool Api::Authorize(const CallPtr& call, uint8_t any_of) {
  if (!options_.require_keys) {
    return Admit(call, call->info().remote_address, options_.rate_limit);
  }
  KeyRingPtr keys = keys_.load();
  auto header = call->request().find("x-api-key");
  const ApiKey* key = header == call->request().end() ? nullptr : keys->Find(header->value());
  if (key == nullptr) {
    call->Finish(ErrorResponse(call->request(),
                               Error{ErrorCode::kUnauthenticated,
                                     header == call->request().end()
                                         ? "an API key is required in the x-api-key header"
                                         : "unknown API key",
                                     "x-api-key"}));
    return false;
  }
  call->key_name = key->name;
  if ((key->permissions & any_of) == 0) {
    call->Finish(ErrorResponse(call->request(),
                               Error{ErrorCode::kPermissionDenied,
                                     "key '" + key->name + "' lacks the " + PermissionsText(any_of) +
                                         " permission",
                                     "x-api-key"}));
    return false;
  }
  return Admit(call, key->name, key->rate_limit.value_or(options_.rate_limit));
}

void Api::Route(const CallPtr& call) {
  const http::Request& request = call->request();
  std::string_view target = request.target();
  std::string_view query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    query = target.substr(q + 1);
    target = target.substr(0, q);
  }
  const auto method = request.method();
  if (method == beast_http::verb::options) {
    call->route = "preflight";
    return call->Finish(EmptyResponse(request, 204));
  }
  if (target == "/healthz") {
    call->route = "/healthz";
    return call->Finish(JsonResponse(request, 200, boost::json::object{{"status", "ok"}}));
  }
  if (target == "/readyz") {
    call->route = "/readyz";
    const bool ready = store_.Healthy();
    return call->Finish(JsonResponse(request, ready ? 200 : 503,
                                     boost::json::object{{"status", ready ? "ready" : "store unavailable"}}));
  }
  if (target == "/metrics") {
    call->route = "/metrics";
    return call->Finish(TextResponse(request, 200, metrics_.registry().Render(),
                                     "text/plain; version=0.0.4"));
  }
  if (afd::IsAfdRequest(request)) return RouteAfd(call);
  const std::vector<std::string> segments = Split(target);
  if (!segments.empty() && segments[0] == "detect" && segments.size() <= 2) {
    call->route = "/detect";
    if (segments.size() == 1 && method == beast_http::verb::post) {
      if (Authorize(call, kDecide)) detect_.Decide(call);
      return;
    }
    if (segments.size() == 2 && method == beast_http::verb::get) {
      call->route = "/detect/{event_id}";
      if (Authorize(call, kRead)) detect_.Get(call, segments[1]);
      return;
    }
  }
  if (!segments.empty() && segments[0] == "events") {
    call->route = EventRoutes::RouteName(segments.size() - 1);
    const uint8_t needed = method == beast_http::verb::get ? kRead : kEvents;
    if (Authorize(call, needed)) {
      events_.Handle(call, std::vector<std::string>(segments.begin() + 1, segments.end()), query);
    }
    return;
  }
  if (!segments.empty() && segments[0] == "v1") {
    call->route = "/v1";
    const uint8_t needed = method == beast_http::verb::get ? (kRead | kAdmin) : kAdmin;
    if (!Authorize(call, needed)) return;
    std::vector<std::string> path(segments.begin() + 1, segments.end());
    if (method == beast_http::verb::get) {
      admin_.Handle(call, path, query);
      return;
    }
    // An edit may fill a new aggregate from every stored event: it runs off the event loop, so
    // the loop's other connections are served meanwhile. Edits stay in the order received.
    admin_writes_.Post([this, call, path = std::move(path), query = std::string(query)] {
      admin_.Handle(call, path, query);
    });
    return;
  }
  call->Finish(ErrorResponse(
      request, Error{ErrorCode::kNotFound,
                     "no such route: " + std::string(request.method_string()) + " " +
                         std::string(target),
                     ""}));
}

void Api::Finish(Call& call, http::Response& response) {
  if (const std::string* origin = AllowedOrigin(call.request())) {
    response.set(beast_http::field::access_control_allow_origin,
                 *origin == "*" ? std::string("*") : *origin);
    response.set(beast_http::field::vary, "Origin");
    if (response.result_int() == 429) {
      // Retry-After is not a CORS-safelisted header: browsers hide it unless exposed.
      response.set(beast_http::field::access_control_expose_headers, "Retry-After");
    }
    if (call.request().method() == beast_http::verb::options) {
      response.set(beast_http::field::access_control_allow_methods,
                   "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      response.set(beast_http::field::access_control_allow_headers,
                   "content-type, x-api-key");
      response.set(beast_http::field::access_control_max_age, "600");
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - call.info().received).count();
  const unsigned status = response.result_int();
  metrics_.ObserveRequest(call.route, status, seconds);
  if (!options_.access_log) return;
  boost::json::object line{{"method", std::string(call.request().method_string())},
                           {"path", std::string(call.request().target())},
                           {"status", status},
                           {"latency_us", static_cast<int64_t>(seconds * 1e6)},
                           {"remote", call.info().remote_address}};
  if (!call.event_id.empty()) line["event_id"] = call.event_id;
  if (!call.key_name.empty()) line["key"] = call.key_name;
  log::Info("request", std::move(line));
}

}  // namespace vigil::api
