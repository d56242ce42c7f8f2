// BackgroundJobs: long tasks started by a request and finished long after it was answered
// (training a model version takes seconds to minutes). Jobs run one at a time, in the order
// submitted, on a thread of their own; each reports its progress as it goes, and its outcome — a
// JSON result or an error — stays readable by its id until `keep_finished` newer jobs have
// finished.
//
//   BackgroundJobs jobs(SystemClock::Instance(), "vigil-train");
//   std::string id = jobs.Submit("train card_model", [](JobProgress& progress) -> Result<json> {
//     progress.Report("replay", 100'000, 1'771'730);
//     ...
//   });
//   jobs.Get(id)->state  // kQueued, kRunning, kSucceeded or kFailed
//
// The destructor lets the running job finish and fails the queued ones ("cancelled: shutting
// down") without running them, then joins. A task must not throw.
// Thread-safety: every member may be called from any thread.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/serial_worker.h"

namespace vigil {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed };
const char* JobStateName(JobState state);  // "QUEUED", "RUNNING", "SUCCEEDED", "FAILED"

struct JobStatus {
  std::string id;     // "job-1", "job-2", ... in the order submitted
  std::string title;  // what the job does, as given to Submit
  JobState state = JobState::kQueued;
  std::string stage;  // the last progress reported: stage, done of total
  int64_t done = 0, total = 0;
  boost::json::object result;  // kSucceeded
  std::optional<Error> error;  // kFailed
  int64_t submitted_micros = 0, started_micros = 0, finished_micros = 0;  // 0: not yet

  // {"job_id", "title", "status", "progress": {"stage", "done", "total"}, "result" | "error",
  //  "submitted", "started", "finished"} with ISO-8601 times (null when not yet).
  boost::json::object ToJson() const;
};

// What a running job reports its progress through.
class JobProgress {
 public:
  virtual ~JobProgress() = default;
  virtual void Report(std::string_view stage, int64_t done, int64_t total) = 0;
};

class BackgroundJobs {
 public:
  using Task = std::function<Result<boost::json::object>(JobProgress& progress)>;

  BackgroundJobs(const Clock& clock, std::string thread_name, size_t keep_finished = 100);
  ~BackgroundJobs();

  // Queues `task`; returns its id at once.
  std::string Submit(std::string title, Task task);

  // From now on, jobs that have not started fail ("cancelled: shutting down") without running;
  // the running one finishes. The destructor calls it.
  void Stop();

  std::optional<JobStatus> Get(std::string_view id) const;
  // Every job still known, the oldest first.
  std::vector<JobStatus> List() const;

 private:
  class Progress;
  void Run(const std::string& id, const Task& task);
  void Update(const std::string& id, const std::function<void(JobStatus&)>& change);

  const Clock& clock_;
  const size_t keep_finished_;
  mutable std::mutex mutex_;
  int64_t next_id_ = 1;                      // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::map<int64_t, JobStatus> jobs_;        // by number; guarded by mutex_
  std::unique_ptr<SerialWorker> worker_;     // last: destroyed (drained) first
};

}  // namespace vigil
