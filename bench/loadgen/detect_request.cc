#include "detect_request.h"

#include <fmt/format.h>
#include <unistd.h>

#include <ctime>

namespace vigil::loadgen {

std::string DetectBody(std::string_view prefix, uint64_t n) {
  // The same spread as detect.lua: amounts up to 15,000 with cents, 7 x 250 x 200 addresses in
  // 10.0.0.0/8, 5,000 accounts.
  return fmt::format(
      R"({{"event_id":"{}-{}","transaction_amount":{}.{:02},"ip_address":"10.{}.{}.{}",)"
      R"("account_id":"acct_{}"}})",
      prefix, n, n % 15000, n % 100, n % 7, n % 250, n % 200, n % 5000);
}

std::string PostRequest(std::string_view path, int port, std::string_view body) {
  return fmt::format(
      "POST {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n"
      "Content-Length: {}\r\n\r\n{}",
      path, port, body.size(), body);
}

std::string RunPrefix() {
  return fmt::format("o{}-{}", static_cast<long long>(std::time(nullptr)), getpid());
}

}  // namespace vigil::loadgen
