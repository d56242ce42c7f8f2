#include "api/afd/operation.h"

#include "api/afd/afd_protocol.h"
#include "core/json.h"

namespace vigil::api::afd {

void AfdCall::Reply(const boost::json::object& output) const {
  call_->Finish(AfdSuccess(call_->request(), request_id_, json::Serialize(output)));
}

void AfdCall::Refuse(const AfdError& error) const {
  call_->Finish(AfdFailure(call_->request(), request_id_, error));
}

void AfdCall::Answer(const Result<boost::json::object>& output) const {
  if (output) return Reply(*output);
  Refuse(FromError(output.error()));
}

void OperationTable::Add(std::string name, OperationFn run, bool edits_catalog) {
  entries_[std::move(name)] = OperationEntry{std::move(run), edits_catalog};
}

void OperationTable::AddSync(std::string name, SyncOperationFn run, bool edits_catalog) {
  Add(
      std::move(name),
      [run = std::move(run)](Context& context, const AfdCallPtr& call) {
        call->Answer(run(context, call->input()));
      },
      edits_catalog);
}

const OperationEntry* OperationTable::Find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace vigil::api::afd
