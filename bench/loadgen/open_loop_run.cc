#include "open_loop_run.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "detect_request.h"
#include "schedule.h"
#include "worker.h"

namespace vigil::loadgen {
namespace {

Status CheckOptions(const LoadOptions& o) {
  const auto bad = [](std::string what, const char* field) {
    return Fail(ErrorCode::kInvalidArgument, std::move(what), field);
  };
  if (o.port < 1 || o.port > 65535) return bad("port must be 1..65535", "port");
  if (o.duration > std::chrono::hours(24)) return bad("duration must be at most a day", "duration");
  if (o.connections < 1 || o.connections > 10000) {
    return bad("connections must be 1..10000", "connections");
  }
  if (o.threads < 1 || o.threads > o.connections) {
    return bad("threads must be 1..connections", "threads");
  }
  if (o.path.empty() || o.path.front() != '/' ||
      o.path.find_first_of(" \r\n") != std::string::npos) {
    return bad("path must start with / and hold no space or line break", "path");
  }
  if (o.prefix.find_first_of("\"\\") != std::string::npos) {
    return bad("prefix must hold no quote or backslash", "prefix");
  }
  if (o.drain_timeout.count() < 0) return bad("drain timeout must not be negative", "drain");
  if (o.drain_timeout > std::chrono::minutes(10)) {
    return bad("drain timeout must be at most 10 minutes", "drain");
  }
  if (o.late_threshold.count() <= 0) return bad("late threshold must be positive", "late");
  if (o.max_unsent_bytes == 0) return bad("max unsent bytes must be positive", "max_unsent_bytes");
  return {};
}

// One blocking connect, so that a server that is not there is an error rather than a run of
// errors.
Status CheckListening(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int error = errno;
  ::close(fd);
  if (rc != 0) {
    return Fail(ErrorCode::kUnavailable, "cannot connect to 127.0.0.1:" + std::to_string(port) +
                                             ": " + std::strerror(error));
  }
  return {};
}

}  // namespace

Result<LoadTotals> RunOpenLoop(const LoadOptions& given) {
  LoadOptions options = given;
  if (options.prefix.empty()) options.prefix = RunPrefix();
  VIGIL_CHECK(CheckOptions(options));
  VIGIL_TRY(schedule, Schedule::Make(options.rate, options.duration.count()));
  VIGIL_CHECK(CheckListening(options.port));

  // Time zero a little ahead, so that every worker has opened its connections by then.
  const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int k = 0; k < options.threads; ++k) {
    const int share =
        options.connections / options.threads + (k < options.connections % options.threads);
    workers.push_back(
        std::make_unique<Worker>(options, schedule, k, options.threads, share, start));
  }
  std::vector<Status> statuses(workers.size());
  {
    std::vector<std::jthread> threads;
    for (size_t k = 0; k < workers.size(); ++k) {
      threads.emplace_back([&, k] { statuses[k] = workers[k]->Run(); });
    }
  }
  LoadTotals totals;
  for (size_t k = 0; k < workers.size(); ++k) {
    VIGIL_CHECK(statuses[k]);
    totals.Merge(workers[k]->Totals());
  }
  return totals;
}

}  // namespace vigil::loadgen
