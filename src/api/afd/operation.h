// The pieces every AFD operation is written with: the context it runs in (the same engine,
// catalog service and store as the REST API), the call it answers, and the table that maps
// operation names to their implementations. Each *_operations.cc file adds its group of
// operations to the table.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "api/afd/afd_error.h"
#include "api/afd/batch_predictions.h"
#include "api/call.h"
#include "api/detect_handler.h"
#include "api/event_routes.h"
#include "api/model_training_jobs.h"
#include "core/background_jobs.h"
#include "core/clock.h"
#include "engine/catalog_service.h"
#include "engine/registry.h"
#include "store/store.h"

namespace vigil::api::afd {

// What operations use; every reference outlives the AFD API.
struct Context {
  const engine::Registry& registry;
  engine::CatalogService& catalog;
  store::Store& store;
  const Clock& clock;
  DetectHandler& decisions;  // decides and stores as POST /detect does
  EventRoutes& events;       // stored events as /events does
  // Model training as POST /v1/models/{id}/training does; null or disabled: CreateModelVersion
  // is refused.
  ModelTrainingJobs* training = nullptr;
  BackgroundJobs* jobs = nullptr;  // the jobs training runs as (for their progress)
  std::string s3_root = {};        // where s3:// locations map to (s3_location.h)
  std::shared_ptr<BatchPredictions> batch_predictions = nullptr;  // null: refused
};

// One AFD request being answered. Reply/Refuse send the answer exactly once.
class AfdCall {
 public:
  AfdCall(CallPtr call, std::string request_id, std::string operation, boost::json::object input)
      : call_(std::move(call)),
        request_id_(std::move(request_id)),
        operation_(std::move(operation)),
        input_(std::move(input)) {}

  const boost::json::object& input() const { return input_; }
  const std::string& operation() const { return operation_; }
  const std::string& request_id() const { return request_id_; }
  const CallPtr& call() const { return call_; }

  void Reply(const boost::json::object& output) const;
  void Refuse(const AfdError& error) const;
  // The output, or the error in AFD's terms.
  void Answer(const Result<boost::json::object>& output) const;

 private:
  CallPtr call_;
  std::string request_id_;
  std::string operation_;
  boost::json::object input_;
};
using AfdCallPtr = std::shared_ptr<const AfdCall>;

// An operation answers its call, now or later (GetEventPrediction answers after the commit).
using OperationFn = std::function<void(Context& context, const AfdCallPtr& call)>;
// Most operations compute their output at once.
using SyncOperationFn =
    std::function<Result<boost::json::object>(Context& context, const boost::json::object& input)>;

struct OperationEntry {
  OperationFn run;
  // True for operations that change the catalog: they run one at a time, off the event loop,
  // in the order received (as the REST API's catalog edits do).
  bool edits_catalog = false;
};

class OperationTable {
 public:
  void Add(std::string name, OperationFn run, bool edits_catalog = false);
  void AddSync(std::string name, SyncOperationFn run, bool edits_catalog = false);
  const OperationEntry* Find(std::string_view name) const;
  const std::map<std::string, OperationEntry, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, OperationEntry, std::less<>> entries_;
};

// The groups of operations (one file each).
void AddPredictionOperations(OperationTable& table);  // prediction_operations.cc
void AddEventOperations(OperationTable& table);       // event_operations.cc
void AddCatalogOperations(OperationTable& table);     // catalog_operations.cc
void AddRuleOperations(OperationTable& table);        // rule_operations.cc
void AddDetectorOperations(OperationTable& table);    // detector_operations.cc
void AddListOperations(OperationTable& table);        // list_operations.cc
void AddModelOperations(OperationTable& table);       // model_operations.cc
void AddBatchPredictionOperations(OperationTable& table);  // batch_prediction_operations.cc

}  // namespace vigil::api::afd
