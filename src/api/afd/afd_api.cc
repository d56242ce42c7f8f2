#include "api/afd/afd_api.h"

#include "api/afd/afd_authenticator.h"
#include "api/afd/afd_protocol.h"
#include "api/afd/input_validator.h"
#include "core/json.h"

namespace vigil::api::afd {

AfdApi::AfdApi(AfdOptions options, Context context, EditRunner run_edit)
    : options_(options),
      model_(ServiceModel::Embedded()),
      context_(context),
      run_edit_(std::move(run_edit)) {
  AddPredictionOperations(table_);
  AddEventOperations(table_);
  AddCatalogOperations(table_);
  AddRuleOperations(table_);
  AddDetectorOperations(table_);
  AddListOperations(table_);
  AddModelOperations(table_);
  AddBatchPredictionOperations(table_);
}

std::vector<std::string> AfdApi::ImplementedOperations() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : table_.entries()) names.push_back(name);
  return names;
}

void AfdApi::Handle(const CallPtr& call) {
  const std::string request_id = NewRequestId();
  const http::Request& request = call->request();
  auto refuse = [&](const AfdError& error) {
    call->Finish(AfdFailure(request, request_id, error));
  };
  call->route = "/ (AFD)";
  const auto name = TargetOperation(request, model_.target_prefix());
  const Operation* operation = name ? model_.FindOperation(*name) : nullptr;
  if (operation == nullptr) {
    auto header = request.find("x-amz-target");
    return refuse(UnknownOperation("unknown operation '" + std::string(header->value()) +
                                   "': X-Amz-Target must be " + model_.target_prefix() +
                                   ".<Operation>, one of the service's " +
                                   std::to_string(model_.operations().size()) + " operations"));
  }
  call->route = "/ (AFD " + operation->name + ")";
  if (!options_.allow_unauthenticated) {
    const KeyRingPtr keys = options_.keys();
    auto caller = AuthenticateAfd(request, operation->name, *keys, context_.clock.NowMicros());
    if (!caller) return refuse(caller.error());
    call->key_name = (*caller)->name;
    if (!options_.admit(call, **caller)) return;
  }
  if (auto error = CheckContentType(request)) return refuse(*error);
  const OperationEntry* entry = table_.Find(operation->name);
  if (entry == nullptr) {
    return refuse(UnsupportedOperation(
        operation->name +
        " is an operation of Amazon Fraud Detector that Vigil does not "
        "implement (yet); docs/api.md, \"AFD's JSON API\", lists the operations that work"));
  }
  boost::json::value body = boost::json::object();
  if (!request.body().empty()) {
    auto parsed = json::Parse(request.body());
    if (!parsed)
      return refuse(SerializationError("the body is not JSON: " + parsed.error().message));
    body = std::move(*parsed);
  }
  if (auto error = ValidateInput(operation->input, body)) return refuse(*error);
  auto afd_call = std::make_shared<const AfdCall>(call, request_id, operation->name,
                                                  std::move(body.get_object()));
  if (!entry->edits_catalog) return entry->run(context_, afd_call);
  run_edit_([this, entry, afd_call] { entry->run(context_, afd_call); });
}

}  // namespace vigil::api::afd
