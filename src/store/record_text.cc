#include "store/record_text.h"

#include <charconv>
#include <chrono>

#include "core/time_format.h"

namespace vigil::store {

Status CheckTimestamp(int64_t micros, std::string_view field) {
  if (micros < kMinTimestampMicros || micros > kMaxTimestampMicros) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " must be between years 0000 and 9999, got " +
                    std::to_string(micros) + " microseconds since the epoch",
                std::string(field));
  }
  return {};
}

std::string TimestampText(int64_t micros) {
  if (micros < kMinTimestampMicros || micros > kMaxTimestampMicros) {
    return FormatIso8601(micros);  // precondition broken: readable, if not fixed-width
  }
  // Written digit by digit: the writer formats two timestamps per record, and snprintf-based
  // formatting was a fifth of its time.
  using namespace std::chrono;
  const sys_time<microseconds> time{microseconds{micros}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const int64_t of_day = (time - day).count();  // microseconds since midnight, >= 0
  std::string text = "0000-00-00T00:00:00.000000Z";
  auto put = [&text](size_t end, int64_t value, int digits) {
    for (int i = 1; i <= digits; ++i, value /= 10)
      text[end - i] = static_cast<char>('0' + value % 10);
  };
  put(4, static_cast<int>(date.year()), 4);
  put(7, static_cast<unsigned>(date.month()), 2);
  put(10, static_cast<unsigned>(date.day()), 2);
  put(13, of_day / 3'600'000'000, 2);
  put(16, of_day / 60'000'000 % 60, 2);
  put(19, of_day / 1'000'000 % 60, 2);
  put(26, of_day % 1'000'000, 6);
  return text;
}

Result<int64_t> ParseTimestampText(std::string_view text, std::string_view field) {
  auto micros = ParseIso8601(text);
  if (!micros) {
    return Fail(ErrorCode::kInternal,
                "stored " + std::string(field) + " \"" + std::string(text) +
                    "\" is unreadable: " + micros.error().message,
                std::string(field));
  }
  return *micros;
}

std::string ScoreText(std::optional<double> score) {
  if (!score) return {};
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *score);
  if (ec != std::errc()) return {};  // cannot happen: 32 bytes hold any shortest double
  return std::string(buf, end);
}

}  // namespace vigil::store
