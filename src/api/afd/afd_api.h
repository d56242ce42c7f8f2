// AfdApi: Amazon Fraud Detector's JSON API (AWS JSON 1.1, `POST /` with `X-Amz-Target:
// AWSHawksNestServiceFacade.<Operation>`), served on the REST API's port by the same engine,
// catalog service and store, so a decision made through either API is visible through both.
// Documented in docs/api.md, "AFD's JSON API".
//
// A request goes: request id → operation (unknown: UnknownOperationException) → authentication
// → Content-Type → implemented? (else UnsupportedOperationException naming it) → JSON body →
// validation against the service model (input_validator.h) → the operation. Every refusal
// happens before the operation runs, so a refused request changes nothing. Every answer carries
// x-amzn-RequestId.
//
// Authentication: SigV4 is not verified yet. Until it is, the API answers only when the server
// runs without API keys (which cli/ allows on a loopback listener only); with keys, every call
// is refused with UnrecognizedClientException. Authenticate() is where signatures will be checked.
//
// Thread-safety: Handle may be called from any number of threads at once.
#pragma once

#include <functional>
#include <optional>

#include "api/afd/operation.h"
#include "api/afd/service_model.h"

namespace vigil::api::afd {

struct AfdOptions {
  // True when requests need no credentials (the server runs without API keys on loopback).
  // Default: false (every call is refused until SigV4 verification exists).
  bool allow_unauthenticated = false;
};

class AfdApi {
 public:
  // Runs `work` one at a time in the order received, off the event loop (catalog edits).
  using EditRunner = std::function<void(std::function<void()> work)>;

  AfdApi(AfdOptions options, Context context, EditRunner run_edit);

  // Answers a request for which IsAfdRequest() (afd_protocol.h) is true.
  void Handle(const CallPtr& call);

  // The operations that are implemented, in name order (for docs and tests).
  std::vector<std::string> ImplementedOperations() const;

 private:
  std::optional<AfdError> Authenticate(const http::Request& request) const;

  AfdOptions options_;
  const ServiceModel& model_;
  Context context_;
  EditRunner run_edit_;
  OperationTable table_;
};

}  // namespace vigil::api::afd
