// Call: one HTTP request on its way through the API, from routing to the response. Shared by the
// handlers that answer asynchronously (a decision is answered from the store's commit callback).
// Finish() sends the response exactly once, adding CORS headers, the access log line and metrics.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/http/http_server.h"

namespace vigil::api {

class Call;
using CallPtr = std::shared_ptr<Call>;

class Call {
 public:
  // Called by Finish with the final response, before it is sent (CORS, logging, metrics).
  using Finisher = std::function<void(Call& call, http::Response& response)>;

  Call(http::Request&& request, const http::RequestInfo& info, http::Responder responder,
       Finisher finisher)
      : request_(std::move(request)), info_(info), responder_(std::move(responder)),
        finisher_(std::move(finisher)) {}

  const http::Request& request() const { return request_; }
  const http::RequestInfo& info() const { return info_; }

  // Route label for metrics and logs ("/detect", "/v1/rules", ...); set by the router.
  std::string route = "unmatched";
  // The event id when the request is about one, for the log line.
  std::string event_id;
  // The caller's key name, when authenticated.
  std::string key_name;

  void Finish(http::Response response) {
    if (finisher_) finisher_(*this, response);
    responder_.Send(std::move(response));
  }

 private:
  http::Request request_;
  http::RequestInfo info_;
  http::Responder responder_;
  Finisher finisher_;
};

}  // namespace vigil::api
