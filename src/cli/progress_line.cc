#include "cli/progress_line.h"

#include <unistd.h>

#include <cstdio>

namespace vigil::cli {

namespace {
constexpr int kBarWidth = 20;
constexpr int kLineWidth = 64;
}  // namespace

ProgressLine::ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

void ProgressLine::Show(std::string_view stage, uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  const int percent = static_cast<int>(std::min<uint64_t>(done, total) * 100 / total);
  if (stage == stage_ && percent == percent_) return;
  stage_ = stage;
  percent_ = percent;
  const int filled = percent * kBarWidth / 100;
  std::fprintf(stderr, "\r%-13.*s [%.*s%.*s] %3d%%  %s", static_cast<int>(stage.size()),
               stage.data(), filled, "####################", kBarWidth - filled,
               "--------------------", percent, Thousands(done).c_str());
  std::fflush(stderr);
}

void ProgressLine::Clear() {
  if (enabled_ && !stage_.empty()) std::fprintf(stderr, "\r%*s\r", kLineWidth, "");
  stage_.clear();
}

}  // namespace vigil::cli
