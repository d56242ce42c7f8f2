#include "core/time_format.h"

#include <cstdio>

namespace vigil {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Digits(int n, int64_t& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return false;
      out = out * 10 + (s_[pos_++] - '0');
    }
    return true;
  }
  bool Take(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == s_.size(); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Result<int64_t> Bad(std::string_view why) {
  return Fail(ErrorCode::kInvalidArgument,
              "not an ISO-8601 UTC timestamp like 2025-07-15T12:34:56Z: " + std::string(why));
}

}  // namespace

Result<int64_t> ParseIso8601(std::string_view text) {
  Cursor c(text);
  int64_t year, month, day, hour = 0, minute = 0, second = 0, micros = 0;
  if (!c.Digits(4, year) || !c.Take('-') || !c.Digits(2, month) || !c.Take('-') ||
      !c.Digits(2, day)) {
    return Bad("the date must be YYYY-MM-DD");
  }
  if (month < 1 || month > 12) return Bad("month out of range");
  if (day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month))) return Bad("day out of range");
  int64_t offset_minutes = 0;
  if (!c.AtEnd()) {
    if (!c.Take('T') && !c.Take('t') && !c.Take(' ')) return Bad("expected 'T' after the date");
    if (!c.Digits(2, hour) || !c.Take(':') || !c.Digits(2, minute)) return Bad("the time must be HH:MM:SS");
    if (c.Take(':') && !c.Digits(2, second)) return Bad("the time must be HH:MM:SS");
    if (hour > 23 || minute > 59 || second > 60) return Bad("time out of range");
    if (second == 60) second = 59;  // a leap second is held at :59
    if (c.Take('.') || c.Take(',')) {
      int digits = 0;
      int64_t d;
      while (c.Peek() >= '0' && c.Peek() <= '9') {
        c.Digits(1, d);
        if (digits < 6) micros = micros * 10 + d;
        ++digits;
      }
      if (digits == 0) return Bad("empty fraction of a second");
      for (int i = digits; i < 6; ++i) micros *= 10;
    }
    if (c.Take('Z') || c.Take('z')) {
    } else if (c.Peek() == '+' || c.Peek() == '-') {
      const int sign = c.Take('-') ? -1 : (c.Take('+'), 1);
      int64_t oh, om = 0;
      if (!c.Digits(2, oh)) return Bad("the offset must be +HH:MM");
      c.Take(':');
      if (!c.AtEnd() && !c.Digits(2, om)) return Bad("the offset must be +HH:MM");
      if (oh > 23 || om > 59) return Bad("offset out of range");
      offset_minutes = sign * (oh * 60 + om);
    } else {
      return Bad("a time zone is required: end with Z (UTC) or an offset like +02:00");
    }
    if (!c.AtEnd()) return Bad("unexpected characters after the time zone");
  }
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1'000'000 + micros;
}

std::string FormatIso8601(int64_t micros) {
  int64_t seconds = micros / 1'000'000;
  int64_t frac = micros % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    seconds -= 1;
  }
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  if (y < 0 || y > 9999) {  // outside what the fast path below writes
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                          static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                          static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
    if (frac % 1000 == 0 && frac != 0) {
      n += std::snprintf(buf + n, sizeof buf - n, ".%03lld", static_cast<long long>(frac / 1000));
    } else if (frac != 0) {
      n += std::snprintf(buf + n, sizeof buf - n, ".%06lld", static_cast<long long>(frac));
    }
    std::snprintf(buf + n, sizeof buf - n, "Z");
    return buf;
  }
  // On every decision record, so digits are written by hand: snprintf costs ten times as much.
  char buf[32];
  char* p = buf;
  auto digits = [&p](int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    p += width;
  };
  digits(y, 4);
  *p++ = '-';
  digits(m, 2);
  *p++ = '-';
  digits(d, 2);
  *p++ = 'T';
  digits(rem / 3600, 2);
  *p++ = ':';
  digits(rem / 60 % 60, 2);
  *p++ = ':';
  digits(rem % 60, 2);
  if (frac % 1000 == 0 && frac != 0) {
    *p++ = '.';
    digits(frac / 1000, 3);
  } else if (frac != 0) {
    *p++ = '.';
    digits(frac, 6);
  }
  *p++ = 'Z';
  return std::string(buf, p);
}

}  // namespace vigil
