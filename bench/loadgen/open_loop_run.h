// An open-loop run: validates the options, checks that 127.0.0.1:port accepts connections, then
// runs LoadOptions::threads workers (loadgen/worker.h) over one shared schedule and merges what
// they measured. Blocks for the run's duration plus the drain of its last answers.
#pragma once

#include "core/result.h"
#include "load_options.h"
#include "load_totals.h"

namespace vigil::loadgen {

// kInvalidArgument for options out of range (naming the option), kUnavailable when nothing
// listens on the port.
Result<LoadTotals> RunOpenLoop(const LoadOptions& options);

}  // namespace vigil::loadgen
