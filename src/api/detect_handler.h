// POST /detect and GET /detect/{event_id}: the seed's API.
//
// POST decides the event and answers only after the decision record is durable. An event id that
// was decided before is answered with the stored decision and "replay": true; nothing is stored
// twice, also when the same id arrives twice at once. The store settles repeats as it inserts, so
// the common case (a new id) costs no lookup.
// When the event type has event ingestion ENABLED, the event is stored with its decision, in the
// same transaction (api/decision_row.h): stored exactly when the decision is, never for a repeat.
// GET returns the stored decision record with its hash-chain position.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>

#include "api/call.h"
#include "api/service_metrics.h"
#include "core/clock.h"
#include "engine/registry.h"
#include "store/store.h"

namespace vigil::api {

// How a decision is answered: /detect's answer, or another API's (AFD's GetEventPrediction).
// `fresh` builds the answer of a new decision from it and its record (engine/decision_record.h)
// on the I/O thread, before the commit; `stored` answers from a record decided before (the same
// event id: a replay); `error` answers a failure.
struct DecisionAnswers {
  std::function<http::Response(const engine::Decision& decision, const std::string& record_json)>
      fresh;
  std::function<http::Response(const boost::json::object& record)> stored;
  std::function<http::Response(const Error& error)> error;
};

class DetectHandler {
 public:
  // `default_detector`: used when a body names none; empty means "the only detector there is".
  DetectHandler(const engine::Registry& registry, store::Store& store, const Clock& clock,
                ServiceMetrics& metrics, std::string default_detector)
      : registry_(registry), store_(store), clock_(clock), metrics_(metrics),
        default_detector_(std::move(default_detector)) {}

  void Decide(const CallPtr& call);
  void Get(const CallPtr& call, const std::string& event_id);

  // Decides `input` (already decoded) and stores the decision exactly as POST /detect does,
  // answering through `answers`. Thread-safe.
  void Decide(const CallPtr& call, engine::EventInput input, DecisionAnswers answers);

 private:
  Result<std::string> DefaultDetector(const engine::Snapshot& snapshot) const;
  // The stored record of `event_id`, or nullopt when there is none.
  Result<std::optional<boost::json::object>> StoredRecord(const std::string& event_id);

  const engine::Registry& registry_;
  store::Store& store_;
  const Clock& clock_;
  ServiceMetrics& metrics_;
  std::string default_detector_;
};

}  // namespace vigil::api
