// How an offline subcommand (import, train, evaluate) reports what stopped it: one line on
// stderr, "error: <what>: <message>", and the exit status to return.
#pragma once

#include <cstdio>
#include <string>

#include "core/result.h"

namespace vigil::cli {

inline int ReportError(const std::string& what, const Error& error, int status) {
  std::fprintf(stderr, "error: %s: %s\n", what.c_str(), error.message.c_str());
  return status;
}

}  // namespace vigil::cli
