// Writes a dataset as Amazon Fraud Detector's stored-event CSV, the format AFD imports events
// from: metadata columns upper-case, event variables lower-case.
//
//   EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,EVENT_LABEL,LABEL_TIMESTAMP,terminal_id,tx_amount
//   0,2018-04-01T00:01:13Z,4209,customer,legit,2018-04-08T00:01:13Z,8003,57.16
//
// EVENT_ID is the transaction id (its index in time order); ENTITY_ID the customer id;
// EVENT_LABEL "fraud" or "legit"; LABEL_TIMESTAMP the event's time plus `label_delay_days` (the
// book has no label times; a week is its feedback delay); tx_amount with two decimals. With
// `scenario_column`, a last column tx_fraud_scenario (0..3) says which scenario made it fraud.
// In the seed's shape (event_shape.h) the same payments read
//   0,2018-04-01T00:01:13Z,user_4209,account,legit,2018-04-08T00:01:13Z,10.0.31.68,57.16
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "core/result.h"
#include "simulator/event_shape.h"
#include "simulator/simulate.h"

namespace vigil::simulator {

struct AfdCsvOptions {
  // The column names and value forms.
  // Default: the Handbook's card payments
  EventShape shape = EventShape::kCardPayment;

  // Adds the tx_fraud_scenario column (for analysis; AFD would take it as a variable).
  // Default: false
  bool scenario_column = false;

  // LABEL_TIMESTAMP = EVENT_TIMESTAMP + this many days.
  // Default: 7
  uint32_t label_delay_days = 7;
};

// Writes `dataset` to `out` (not closed; flushed). `out_name` is only for error messages.
// `on_rows(done, total)`, if set, is called now and then. Errors when a write fails (disk full,
// closed pipe) with the system's reason.
Status WriteAfdCsv(const Dataset& dataset, const AfdCsvOptions& options, std::FILE* out,
                   const std::string& out_name,
                   const std::function<void(uint64_t done, uint64_t total)>& on_rows = {});

}  // namespace vigil::simulator
