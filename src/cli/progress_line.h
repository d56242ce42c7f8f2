// A one-line progress display for long commands (simulate, import) that rewrites itself, on a
// terminal only: redirected stderr gets the command's summary alone.
//   transactions  [##########----------]  50%  875,000
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/thousands.h"  // Thousands(), for the lines printed beside the bar

namespace vigil::cli {

class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine() { Clear(); }

  // `done` of `total` in `stage`; redrawn when the stage or the whole percent changes.
  void Show(std::string_view stage, uint64_t done, uint64_t total);
  // Erases the line (before a summary is printed).
  void Clear();

 private:
  bool enabled_;
  std::string stage_;
  int percent_ = -1;
};

}  // namespace vigil::cli
