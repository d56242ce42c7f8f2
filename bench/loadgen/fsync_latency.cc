// fsync_latency: the durability baseline of bench/http/run.sh. A durable decision cannot be
// answered sooner than the disk confirms a write, so this measures what the disk alone takes:
// COUNT times, append one 32 KiB page (the store's page size) to a file in DIR and fdatasync it,
// as the store's syncer does with the WAL. Prints one line:
//   RESULT syncs=N p50_us=... p90_us=... p99_us=... max_us=...
//
//   fsync_latency --dir DIR [--count 500]
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "latency_histogram.h"

int main(int argc, char** argv) {
  CLI::App app{"fdatasync latency of a file system: the durability baseline"};
  std::string dir;
  int count = 500;
  app.add_option("--dir", dir, "directory on the file system to measure")->required();
  app.add_option("--count", count, "appends and fdatasyncs to time")->check(CLI::Range(1, 100000));
  CLI11_PARSE(app, argc, argv);

  const std::string path = dir + "/fsync-latency.probe";
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror(("fsync_latency: cannot create " + path).c_str());
    return 2;
  }
  std::vector<char> page(32 * 1024, 'v');
  vigil::loadgen::LatencyHistogram latencies;
  int status = 0;
  for (int i = 0; i < count; ++i) {
    if (pwrite(fd, page.data(), page.size(), static_cast<off_t>(i) * page.size()) !=
        static_cast<ssize_t>(page.size())) {
      std::perror(("fsync_latency: cannot write " + path).c_str());
      status = 2;
      break;
    }
    const auto start = std::chrono::steady_clock::now();
    if (fdatasync(fd) != 0) {
      std::perror(("fsync_latency: fdatasync of " + path + " failed").c_str());
      status = 2;
      break;
    }
    latencies.Record(std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count());
  }
  close(fd);
  unlink(path.c_str());
  if (status != 0) return status;
  std::printf("RESULT syncs=%llu p50_us=%lld p90_us=%lld p99_us=%lld max_us=%lld\n",
              static_cast<unsigned long long>(latencies.Count()),
              static_cast<long long>(latencies.Percentile(50) / 1000),
              static_cast<long long>(latencies.Percentile(90) / 1000),
              static_cast<long long>(latencies.Percentile(99) / 1000),
              static_cast<long long>(latencies.Max() / 1000));
  return 0;
}
