#include "cli/simulate_send.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <thread>
#include <vector>

#include "cli/http_client.h"
#include "cli/progress_line.h"
#include "core/time_format.h"

namespace vigil::cli {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kLabelDelayMicros = 7 * 86'400 * kMicrosPerSecond;  // as the CSV's labels

std::string Amount(int64_t cents) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return text;
}

}  // namespace

int SendLive(const simulator::Dataset& dataset, const SendFlags& flags) {
  std::vector<std::pair<std::string, std::string>> headers{{"content-type", "application/json"}};
  if (!flags.api_key.empty()) headers.emplace_back("x-api-key", flags.api_key);
  const auto& txs = dataset.transactions;
  const uint64_t count = flags.limit == 0 ? txs.size() : std::min<uint64_t>(flags.limit, txs.size());
  const int64_t day0 = dataset.start_day * 86'400 * kMicrosPerSecond;
  std::map<unsigned, uint64_t> statuses;
  std::vector<double> latencies;
  latencies.reserve(count);
  std::deque<uint64_t> unlabelled;  // sent payments whose label time has not come yet
  uint64_t labels = 0;
  ProgressLine progress;
  const auto start = std::chrono::steady_clock::now();

  // One kept-alive connection: a payment or a label sent twice is stored once (event ids).
  HttpSession session(flags.server, HttpCallOptions{flags.ca_file});
  auto call = [&](const std::string& method, const std::string& target,
                  const std::string& body) -> bool {
    const auto sent = std::chrono::steady_clock::now();
    auto reply = session.Exchange(method, target, body, headers);
    if (!reply) {
      progress.Clear();
      std::fprintf(stderr, "error: %s\n",
                   WithCliHint(reply.error(), flags.server, flags.ca_file).message.c_str());
      return false;
    }
    latencies.push_back(std::chrono::duration<double, std::micro>(
                            std::chrono::steady_clock::now() - sent).count());
    ++statuses[reply->status];
    return true;
  };
  auto time_of = [&](uint64_t i) {
    return day0 + static_cast<int64_t>(txs[i].time_seconds) * kMicrosPerSecond;
  };
  auto event_id = [&](uint64_t i) { return flags.id_prefix + "-" + std::to_string(i); };
  const simulator::EventNames& names = simulator::NamesOf(flags.shape);
  const std::string event_type =
      flags.event_type.empty() ? std::string(names.event_type) : flags.event_type;
  const std::string detector_id =
      flags.detector_id.empty() ? std::string(names.detector_id) : flags.detector_id;

  for (uint64_t i = 0; i < count; ++i) {
    const int64_t now = time_of(i);
    while (flags.labels && !unlabelled.empty() &&
           time_of(unlabelled.front()) + kLabelDelayMicros <= now) {
      const uint64_t j = unlabelled.front();
      unlabelled.pop_front();
      const std::string body =
          std::string(R"({"label":")") + (txs[j].fraud() ? "fraud" : "legit") +
          R"(","label_timestamp":")" + FormatIso8601(time_of(j) + kLabelDelayMicros) + "\"}";
      if (!call("PUT", "/events/" + event_type + "/" + event_id(j) + "/label", body)) return 1;
      ++labels;
    }
    // Paced: payment i is due i / rate seconds after the start.
    const auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(static_cast<double>(i) / flags.rate));
    std::this_thread::sleep_until(due);
    const simulator::Transaction& tx = txs[i];
    const std::string body =
        R"({"event_id":")" + event_id(i) + R"(","detector_id":")" + detector_id +
        R"(","event_timestamp":")" + FormatIso8601(now) + R"(",")" +
        std::string(names.entity_type) + R"(_id":")" + simulator::EntityId(flags.shape, tx.customer_id) +
        R"(",")" + std::string(names.place_variable) + R"(":")" +
        simulator::Place(flags.shape, tx.terminal_id) + R"(",")" +
        std::string(names.amount_variable) + R"(":)" + Amount(tx.amount_cents) + "}";
    if (!call("POST", "/detect", body)) return 1;
    if (flags.labels) unlabelled.push_back(i);
    progress.Show("sending", i + 1, count);
  }
  progress.Clear();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<size_t>(p * static_cast<double>(latencies.size())))];
  };
  std::string by_status;
  uint64_t not_ok = 0;
  for (const auto& [status, n] : statuses) {
    by_status += (by_status.empty() ? "" : ", ") + std::to_string(status) + ": " + Thousands(n);
    if (status < 200 || status >= 300) not_ok += n;
  }
  std::fprintf(stderr,
               "sent %s payments and %s labels to %s in %.1f s (%.0f requests/s); answers %s; "
               "latency p50 %.0f us, p99 %.0f us\n",
               Thousands(count).c_str(), Thousands(labels).c_str(), flags.server.c_str(), seconds,
               static_cast<double>(latencies.size()) / std::max(seconds, 1e-9), by_status.c_str(),
               percentile(0.5), percentile(0.99));
  return not_ok == 0 ? 0 : 3;
}

}  // namespace vigil::cli
