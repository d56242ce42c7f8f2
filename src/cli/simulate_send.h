// `vigil simulate --send URL`: the simulated payments sent live to a running server's /detect,
// at a given rate, in time order with their simulated timestamps — a realistic load whose
// aggregates fill as the Handbook's history unfolds. With --labels, each payment's label follows
// as a label update (PUT /events/{event_type}/{event_id}/label) once its simulated label time
// has come, in the same simulated order, so fraud rates see labels as they would live.
#pragma once

#include <cstdint>
#include <string>

#include "simulator/event_shape.h"
#include "simulator/simulate.h"

namespace vigil::cli {

struct SendFlags {
  std::string server;                       // "http://127.0.0.1:8080"; empty: write a CSV
  std::string api_key;                      // [env VIGIL_API_KEY]
  std::string ca_file;                      // [env VIGIL_CACERT]
  double rate = 1000;                       // payments per second
  uint64_t limit = 0;                       // at most this many payments; 0: all
  simulator::EventShape shape = simulator::EventShape::kCardPayment;  // the bodies' names
  std::string detector_id;                  // empty: the shape's (card_payments, transaction_detector)
  std::string event_type;                   // empty: the shape's (card_transaction, transaction)
  std::string id_prefix = "sim";            // event ids are <prefix>-<transaction id>
  bool labels = false;
};

// Exit status: 0 every request answered 2xx, 3 some were not (the summary says which statuses),
// 1 the server could not be reached.
int SendLive(const simulator::Dataset& dataset, const SendFlags& flags);

}  // namespace vigil::cli
