#include "core/duration.h"

#include <array>
#include <charconv>
#include <utility>

namespace vigil {

namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr std::array<std::pair<char, int64_t>, 4> kUnits{
    {{'d', 86400 * kSecond}, {'h', 3600 * kSecond}, {'m', 60 * kSecond}, {'s', kSecond}}};
constexpr int64_t kMaxMicros = 100LL * 366 * 86400 * kSecond;

}  // namespace

Result<int64_t> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                "expected a duration such as 90s, 15m, 24h or 30d, got \"" + std::string(text) +
                    "\"");
  };
  if (text.size() < 2) return bad();
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  int64_t count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc() || end != digits.data() + digits.size() || count < 0) return bad();
  for (const auto& [symbol, micros] : kUnits) {
    if (symbol != unit) continue;
    if (count > kMaxMicros / micros) {
      return Fail(ErrorCode::kInvalidArgument,
                  "duration \"" + std::string(text) + "\" exceeds 100 years");
    }
    return count * micros;
  }
  return bad();
}

}  // namespace vigil
