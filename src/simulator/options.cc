#include "simulator/options.h"

#include <cmath>
#include <cstdio>

#include "core/time_format.h"

namespace vigil::simulator {

namespace {

constexpr uint32_t kMaxEntities = 10'000'000;
constexpr uint32_t kMaxDays = 36'525;
constexpr uint64_t kMaxTransactions = 200'000'000;

}  // namespace

Result<int64_t> StartDay(const SimulatorOptions& options) {
  const std::string& text = options.start_date;
  if (text.size() != 10) {
    return Fail(ErrorCode::kInvalidArgument,
                "start date '" + text + "' is not a date like 2018-04-01 (YYYY-MM-DD)",
                "start_date");
  }
  auto micros = ParseIso8601(text);
  if (!micros) {
    // The parser's message reads "not an ISO-8601 UTC timestamp like ...: <why>"; keep the why.
    const std::string& message = micros.error().message;
    const size_t why = message.rfind(": ");
    return Fail(ErrorCode::kInvalidArgument,
                "start date '" + text + "' is not a date like 2018-04-01: " +
                    (why == std::string::npos ? message : message.substr(why + 2)),
                "start_date");
  }
  return *micros / (86'400LL * 1'000'000);
}

Status Validate(const SimulatorOptions& options) {
  auto count_in_range = [](uint64_t value, uint64_t max, const char* field) -> Status {
    if (value >= 1 && value <= max) return {};
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " must be between 1 and " + std::to_string(max) + ", not " +
                    std::to_string(value),
                field);
  };
  VIGIL_CHECK(count_in_range(options.customers, kMaxEntities, "customers"));
  VIGIL_CHECK(count_in_range(options.terminals, kMaxEntities, "terminals"));
  VIGIL_CHECK(count_in_range(options.days, kMaxDays, "days"));
  // Customers make 2 transactions a day on average (U(0, 4)); the dataset is held in memory at
  // 24 bytes a transaction.
  const uint64_t expected = uint64_t{options.customers} * options.days * 2;
  if (expected > kMaxTransactions) {
    return Fail(ErrorCode::kInvalidArgument,
                "customers x days too large: about " + std::to_string(expected) +
                    " transactions expected, at most " + std::to_string(kMaxTransactions),
                "customers");
  }
  if (!(std::isfinite(options.radius) && options.radius > 0)) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", options.radius);
    return Fail(ErrorCode::kInvalidArgument,
                std::string("radius must be a finite number above 0, not ") + value, "radius");
  }
  VIGIL_TRY(start_day, StartDay(options));
  // Four-digit years throughout, label timestamps (a week after the last day) included.
  constexpr int64_t kLastWrittenDay = 2'932'896;  // 9999-12-31
  if (start_day + options.days + 7 > kLastWrittenDay) {
    return Fail(ErrorCode::kInvalidArgument,
                "start date " + options.start_date + " plus " + std::to_string(options.days) +
                    " days goes past the year 9999",
                "start_date");
  }
  return {};
}

}  // namespace vigil::simulator
