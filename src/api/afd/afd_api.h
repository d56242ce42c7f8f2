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
// Authentication: on a server with API keys, every call must be SigV4-signed with the access key
// of one of them (an AWS-style access key id and secret, api_keys.h) and that key must hold the
// permission the operation needs (operation_permissions.h); afd_authenticator.h lists the
// refusals. The key's rate limit then applies, as on the REST API (ThrottlingException, a 400
// the SDKs retry). On a server without keys (which cli/ allows on a loopback listener only)
// signatures are not checked: any credentials do.
//
// Thread-safety: Handle may be called from any number of threads at once.
#pragma once

#include <functional>
#include <optional>

#include "api/afd/operation.h"
#include "api/afd/service_model.h"
#include "api/api_keys.h"

namespace vigil::api::afd {

struct AfdOptions {
  // True when requests need no credentials (the server runs without API keys on loopback).
  // Default: false (every call must be signed by a key of `keys`).
  bool allow_unauthenticated = false;
  // The server's keys, read for each request (they may be replaced while serving). Required
  // unless allow_unauthenticated.
  std::function<KeyRingPtr()> keys;
  // Applies the rate limit of the key that signed `call`: true when admitted; otherwise it has
  // answered the call (ThrottlingException). Required unless allow_unauthenticated.
  std::function<bool(const CallPtr& call, const ApiKey& key)> admit;
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
  AfdOptions options_;
  const ServiceModel& model_;
  Context context_;
  EditRunner run_edit_;
  OperationTable table_;
};

}  // namespace vigil::api::afd
