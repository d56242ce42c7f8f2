// open_loop: a constant-rate (open-loop) HTTP load generator for 127.0.0.1, in the manner of
// wrk2. Posts seed-style /detect bodies on a fixed schedule and measures each request's latency
// from the time it was due, so stalls of the server are not hidden by a load that waits for it.
//   open_loop --port 8080 --rate 2000 --duration 10 [--connections 64] [--threads 1] [--realtime]
// Prints one line (see loadgen/load_totals.h) and, on stderr, why the run is not to be trusted
// when the generator fell behind its schedule or requests went unanswered.
#include <sched.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "load_totals.h"
#include "open_loop_run.h"

int main(int argc, char** argv) {
  using vigil::loadgen::LoadOptions;
  LoadOptions options;
  double duration_seconds = 0;
  double drain_seconds = 10;
  double late_micros = 1000;
  bool realtime = false;
  CLI::App app{
      "Constant-rate /detect load on 127.0.0.1; latency counted from each request's "
      "due time"};
  app.add_option("--port", options.port, "server port on 127.0.0.1")->required();
  app.add_option("--rate", options.rate, "requests per second")->required();
  app.add_option("--duration", duration_seconds, "seconds of sending")->required();
  app.add_option("--connections", options.connections, "keep-alive connections")
      ->default_val(options.connections);
  app.add_option("--threads", options.threads, "sending threads")->default_val(options.threads);
  app.add_option("--path", options.path, "request target")->default_val(options.path);
  app.add_option("--prefix", options.prefix, "event id prefix (default: o<time>-<pid>)");
  app.add_option("--drain", drain_seconds, "seconds to wait for the last answers")
      ->default_val(drain_seconds);
  app.add_option("--late-us", late_micros, "a send this late (µs) counts as late")
      ->default_val(late_micros);
  app.add_flag("--realtime", realtime,
               "send and read under SCHED_FIFO, so that a busy machine does not delay the "
               "generator (needs root or CAP_SYS_NICE; without, runs at normal priority)");
  CLI11_PARSE(app, argc, argv);
  // Checked here too, before the conversions to nanoseconds (which could overflow).
  if (!(duration_seconds > 0 && duration_seconds <= 86400)) {
    std::cerr << "open_loop: --duration must be more than 0 and at most 86400 seconds\n";
    return 2;
  }
  if (!(drain_seconds >= 0 && drain_seconds <= 600)) {
    std::cerr << "open_loop: --drain must be 0..600 seconds\n";
    return 2;
  }
  if (!(late_micros > 0 && late_micros <= 1e9)) {
    std::cerr << "open_loop: --late-us must be more than 0 and at most 1e9\n";
    return 2;
  }
  options.duration = std::chrono::nanoseconds(static_cast<int64_t>(duration_seconds * 1e9));
  options.drain_timeout = std::chrono::nanoseconds(static_cast<int64_t>(drain_seconds * 1e9));
  options.late_threshold = std::chrono::nanoseconds(static_cast<int64_t>(late_micros * 1e3));

  if (realtime) {
    // The lowest real-time priority: above every normal task, so a send or a read is never kept
    // waiting behind a compiler for a scheduler slice (milliseconds). The worker threads inherit
    // it. The loops block in epoll between events, and the kernel keeps 5% of each second for
    // normal tasks (sched_rt_runtime_us), so the rest of the machine still runs.
    const sched_param param{.sched_priority = 1};
    if (sched_setscheduler(0, SCHED_FIFO, &param) != 0) {
      std::cerr << "open_loop: --realtime refused (" << std::strerror(errno)
                << "); running at normal priority\n";
    }
  }
  auto totals = vigil::loadgen::RunOpenLoop(options);
  if (!totals) {
    const auto& e = totals.error();
    std::cerr << "open_loop: " << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n";
    return 2;
  }
  std::cout << vigil::loadgen::ResultLine(options, *totals) << std::endl;
  if (!totals->ScheduleKept()) {
    std::cerr << "open_loop: the schedule was not kept: " << totals->late << " of "
              << totals->scheduled << " requests were sent more than " << late_micros
              << " µs late (the longest by " << totals->lag.Max() / 1000
              << " µs): the server saw a burstier load than asked and the latencies include the "
                 "generator's own delay. Either the generator did not get the CPU in time (a busy "
                 "machine) or it could not send (every connection's socket full: try more "
                 "--connections or --threads, or a lower --rate)\n";
  }
  if (totals->errors > 0) {
    std::cerr << "open_loop: " << totals->errors
              << " requests got no answer; the first: " << totals->first_error << "\n";
  }
  return 0;
}
