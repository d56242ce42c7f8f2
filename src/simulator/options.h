// What `Simulate()` generates: the card-transaction simulator of the Fraud Detection Handbook
// (Le Borgne et al., section 3.2). The defaults are the book's full dataset: 5,000 customers,
// 10,000 terminals, 183 days from 2018-04-01, radius 5 -> about 1.75 million transactions.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace vigil::simulator {

struct SimulatorOptions {
  // Number of customers (cards); ids 0..customers-1. At least 1, at most 10,000,000.
  // Default: 5000
  uint32_t customers = 5000;

  // Number of terminals; ids 0..terminals-1. At least 1, at most 10,000,000.
  // Default: 10000
  uint32_t terminals = 10000;

  // Number of days generated, the first at `start_date`. At least 1, at most 36,525 (100 years).
  // Default: 183 (2018-04-01..2018-09-30)
  uint32_t days = 183;

  // The first day, "YYYY-MM-DD" (UTC midnight). Timestamps start there.
  // Default: "2018-04-01"
  std::string start_date = "2018-04-01";

  // A customer uses only the terminals at a (Euclidean) distance below `radius` of its location,
  // both on the 100 x 100 grid. Finite and > 0; 5 gives each customer about 80 terminals.
  // Default: 5
  double radius = 5;

  // Every random draw derives from this seed (see random.h): the same options give byte-identical
  // output on every platform; another seed gives another dataset with the same statistics.
  // Default: 0
  uint64_t seed = 0;
};

// Checks the ranges above, and that customers x days x 2 (the expected number of transactions)
// is at most 200 million (about 5 GB in memory); the error's `field` names the
// offending option ("customers", ...).
Status Validate(const SimulatorOptions& options);

// The start date as days since 1970-01-01, or an error naming "start_date".
Result<int64_t> StartDay(const SimulatorOptions& options);

}  // namespace vigil::simulator
