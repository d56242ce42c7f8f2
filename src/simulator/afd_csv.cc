#include "simulator/afd_csv.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

#include "core/time_format.h"

namespace vigil::simulator {

namespace {

constexpr size_t kBufferSize = 1 << 20;
constexpr size_t kMaxRow = 256;  // a row is below 130 characters

using DatePrefix = std::array<char, 11>;  // "YYYY-MM-DDT"

// "YYYY-MM-DDT" of each day from the start day, label days included: formatted once, copied into
// every row.
std::vector<DatePrefix> DatePrefixes(int64_t start_day, uint32_t count) {
  std::vector<DatePrefix> prefixes(count);
  for (uint32_t d = 0; d < count; ++d) {
    const std::string text = FormatIso8601((start_day + d) * 86'400LL * 1'000'000);
    std::memcpy(prefixes[d].data(), text.data(), prefixes[d].size());
  }
  return prefixes;
}

// Appends to a fixed buffer and writes it out when full: rows are formatted in place with no
// allocation.
class RowBuffer {
 public:
  RowBuffer(std::FILE* out, const std::string& name)
      : out_(out), name_(name), buffer_(kBufferSize) {}

  char* Reserve() {
    if (kBufferSize - used_ < kMaxRow) Flush();
    return buffer_.data() + used_;
  }
  void Commit(const char* end) { used_ = static_cast<size_t>(end - buffer_.data()); }

  void Flush() {
    if (used_ != 0 && ok_ && std::fwrite(buffer_.data(), 1, used_, out_) != used_) Failed();
    used_ = 0;
  }
  Status Finish() {
    Flush();
    if (ok_ && std::fflush(out_) != 0) Failed();
    if (ok_) return {};
    return Fail(ErrorCode::kUnavailable, "cannot write " + name_ + ": " + std::strerror(error_));
  }

 private:
  void Failed() {
    ok_ = false;
    error_ = errno;
  }

  std::FILE* out_;
  const std::string& name_;
  std::vector<char> buffer_;
  size_t used_ = 0;
  bool ok_ = true;
  int error_ = 0;
};

char* Copy(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

char* Integer(char* p, uint64_t value) { return std::to_chars(p, p + 20, value).ptr; }

char* TwoDigits(char* p, uint32_t value) {
  p[0] = static_cast<char>('0' + value / 10);
  p[1] = static_cast<char>('0' + value % 10);
  return p + 2;
}

// "YYYY-MM-DDTHH:MM:SSZ"
char* Timestamp(char* p, const DatePrefix& date, uint32_t second_of_day) {
  p = Copy(p, {date.data(), date.size()});
  p = TwoDigits(p, second_of_day / 3600);
  *p++ = ':';
  p = TwoDigits(p, second_of_day / 60 % 60);
  *p++ = ':';
  p = TwoDigits(p, second_of_day % 60);
  *p++ = 'Z';
  return p;
}

char* Amount(char* p, int64_t cents) {
  if (cents < 0) {
    *p++ = '-';
    cents = -cents;
  }
  p = Integer(p, static_cast<uint64_t>(cents / 100));
  *p++ = '.';
  return TwoDigits(p, static_cast<uint32_t>(cents % 100));
}

}  // namespace

Status WriteAfdCsv(const Dataset& dataset, const AfdCsvOptions& options, std::FILE* out,
                   const std::string& out_name,
                   const std::function<void(uint64_t done, uint64_t total)>& on_rows) {
  const uint32_t max_day = dataset.transactions.empty() ? 0 : dataset.transactions.back().day();
  const auto dates = DatePrefixes(dataset.start_day,
                                  std::max(dataset.days, max_day + 1) + options.label_delay_days);
  RowBuffer buffer(out, out_name);
  char* p = buffer.Reserve();
  const EventNames& names = NamesOf(options.shape);
  p = Copy(p, "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,EVENT_LABEL,LABEL_TIMESTAMP,");
  p = Copy(p, names.place_variable);
  *p++ = ',';
  p = Copy(p, names.amount_variable);
  if (options.scenario_column) p = Copy(p, ",tx_fraud_scenario");
  *p++ = '\n';
  buffer.Commit(p);

  const uint64_t total = dataset.transactions.size();
  const uint64_t report_every = std::max<uint64_t>(1, total / 100);
  for (uint64_t id = 0; id < total; ++id) {
    const Transaction& t = dataset.transactions[id];
    const uint32_t day = t.day();
    const uint32_t second_of_day = t.time_seconds % kSecondsPerDay;
    p = buffer.Reserve();
    p = Integer(p, id);
    *p++ = ',';
    p = Timestamp(p, dates[day], second_of_day);
    *p++ = ',';
    p = WriteEntityId(p, options.shape, t.customer_id);
    *p++ = ',';
    p = Copy(p, names.entity_type);
    p = Copy(p, t.fraud() ? ",fraud," : ",legit,");
    p = Timestamp(p, dates[day + options.label_delay_days], second_of_day);
    *p++ = ',';
    p = WritePlace(p, options.shape, t.terminal_id);
    *p++ = ',';
    p = Amount(p, t.amount_cents);
    if (options.scenario_column) {
      *p++ = ',';
      *p++ = static_cast<char>('0' + t.fraud_scenario);
    }
    *p++ = '\n';
    buffer.Commit(p);
    if (on_rows && ((id + 1) % report_every == 0 || id + 1 == total)) on_rows(id + 1, total);
  }
  return buffer.Finish();
}

}  // namespace vigil::simulator
