// FUZZ_CHECK: the invariants of the fuzz targets. A failed check prints what was expected, then
// aborts, which libFuzzer reports as a crash (saving the input) and the replay driver
// (replay_main.cc) as a failed test. Only for the fuzz targets: production code never asserts on
// input (DESIGN.md §5); the fuzz targets assert what production code promises.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

// `what` is a const char* or a std::string, evaluated only when the check fails.
#define FUZZ_CHECK(condition, what)                                                          \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n  check: %s\n", __FILE__, __LINE__, \
                   std::string(what).c_str(), #condition);                                   \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
