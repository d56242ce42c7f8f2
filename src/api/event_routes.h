// The stored-event routes, AFD's SendEvent, UpdateEventLabel, GetEvent and DeleteEvent over REST
// (documented in docs/api.md, "Stored events"):
//   POST   /events/{event_type}                     store an event without deciding it
//   PUT    /events/{event_type}/{event_id}/label    set or change its label
//   GET    /events/{event_type}/{event_id}          the stored event
//   DELETE /events/{event_type}/{event_id}          delete it (?delete_audit_history=true is
//                                                   refused: decision records are hash-chained)
// Bodies are checked against the catalog exactly as /detect's (engine::BindEvent); a refused
// request changes nothing. Writes are durable before they are answered. The store calls are
// synchronous on the calling (I/O) thread, as the admin API's are.
// Api authorizes before calling in (GET: read; everything else: events).
//
// Thread-safety: Handle may be called from any number of threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "api/event_request.h"
#include "api/service_metrics.h"
#include "engine/registry.h"
#include "store/store.h"

namespace vigil::api {

class EventRoutes {
 public:
  // Every reference must outlive the routes.
  EventRoutes(const engine::Registry& registry, store::Store& store, ServiceMetrics& metrics)
      : registry_(registry), store_(store), metrics_(metrics) {}

  // The route label for metrics and logs of a path with `segments` after "/events".
  static const char* RouteName(size_t segments);

  // `segments`: the path after "/events", split on '/'. Answers 404 for unknown paths and 405
  // for a method a path does not take.
  void Handle(const CallPtr& call, const std::vector<std::string>& segments,
              std::string_view query);

  // What the routes do, for another API to do the same (AFD's SendEvent, UpdateEventLabel,
  // GetEvent, DeleteEvent): the same checks and effects, errors as values. Thread-safe.
  Result<store::StoredEvent> StoreEvent(const std::string& event_type,
                                        const SendEventRequest& request);
  Result<store::StoredEvent> LabelEvent(const std::string& event_type, const std::string& event_id,
                                        const EventLabel& label);
  Result<store::StoredEvent> GetEvent(const std::string& event_type, const std::string& event_id);
  // Deletes the stored event (its decision record stays: records are hash-chained).
  Status DeleteEvent(const std::string& event_type, const std::string& event_id);

 private:
  void Send(const CallPtr& call, const std::string& event_type);
  void Label(const CallPtr& call, const std::string& event_type, const std::string& event_id);
  void Get(const CallPtr& call, const std::string& event_type, const std::string& event_id);
  void Delete(const CallPtr& call, const std::string& event_type, const std::string& event_id,
              std::string_view query);

  const engine::Registry& registry_;
  store::Store& store_;
  ServiceMetrics& metrics_;
};

}  // namespace vigil::api
