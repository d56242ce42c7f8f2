#include "core/background_jobs.h"

#include <utility>

#include "core/time_format.h"

namespace vigil {

const char* JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "QUEUED";
    case JobState::kRunning:
      return "RUNNING";
    case JobState::kSucceeded:
      return "SUCCEEDED";
    case JobState::kFailed:
      return "FAILED";
  }
  return "QUEUED";
}

boost::json::object JobStatus::ToJson() const {
  auto time = [](int64_t micros) -> boost::json::value {
    if (micros == 0) return nullptr;
    return boost::json::value(FormatIso8601(micros));
  };
  boost::json::object json{{"job_id", id},
                           {"title", title},
                           {"status", JobStateName(state)},
                           {"progress", {{"stage", stage}, {"done", done}, {"total", total}}},
                           {"submitted", time(submitted_micros)},
                           {"started", time(started_micros)},
                           {"finished", time(finished_micros)}};
  if (state == JobState::kSucceeded) json["result"] = result;
  if (error) {
    json["error"] = {{"code", ErrorCodeName(error->code)},
                     {"message", error->message},
                     {"field", error->field}};
  }
  return json;
}

class BackgroundJobs::Progress final : public JobProgress {
 public:
  Progress(BackgroundJobs& jobs, std::string id) : jobs_(jobs), id_(std::move(id)) {}
  void Report(std::string_view stage, int64_t done, int64_t total) override {
    jobs_.Update(id_, [&](JobStatus& s) {
      s.stage = stage;
      s.done = done;
      s.total = total;
    });
  }

 private:
  BackgroundJobs& jobs_;
  const std::string id_;
};

namespace {
int64_t NumberOf(std::string_view id) {
  int64_t n = 0;
  if (!id.starts_with("job-") || id.size() == 4 || id.size() > 22) return 0;
  for (char c : id.substr(4)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}
}  // namespace

BackgroundJobs::BackgroundJobs(const Clock& clock, std::string thread_name, size_t keep_finished)
    : clock_(clock),
      keep_finished_(keep_finished),
      worker_(std::make_unique<SerialWorker>(std::move(thread_name))) {}

BackgroundJobs::~BackgroundJobs() {
  Stop();
  worker_.reset();
}

void BackgroundJobs::Stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
}

std::string BackgroundJobs::Submit(std::string title, Task task) {
  std::string id;
  {
    std::lock_guard lock(mutex_);
    const int64_t number = next_id_++;
    id = "job-" + std::to_string(number);
    JobStatus& status = jobs_[number];
    status.id = id;
    status.title = std::move(title);
    status.submitted_micros = clock_.NowMicros();
  }
  worker_->Post([this, id, task = std::move(task)] { Run(id, task); });
  return id;
}

void BackgroundJobs::Run(const std::string& id, const Task& task) {
  bool cancelled = false;
  Update(id, [&](JobStatus& s) {
    cancelled = stopping_;
    if (!cancelled) s.state = JobState::kRunning;
    s.started_micros = clock_.NowMicros();
  });
  Progress progress(*this, id);
  Result<boost::json::object> outcome =
      cancelled ? Result<boost::json::object>(std::unexpected(
                      Error{ErrorCode::kUnavailable, "cancelled: shutting down", ""}))
                : task(progress);
  std::lock_guard lock(mutex_);
  JobStatus& s = jobs_.at(NumberOf(id));
  s.finished_micros = clock_.NowMicros();
  if (outcome) {
    s.state = JobState::kSucceeded;
    s.result = std::move(*outcome);
  } else {
    s.state = JobState::kFailed;
    s.error = std::move(outcome.error());
  }
  // Forget the oldest finished jobs beyond keep_finished_ (queued and running ones stay).
  size_t finished = 0;
  for (const auto& [n, job] : jobs_) {
    finished += job.state == JobState::kSucceeded || job.state == JobState::kFailed;
  }
  for (auto it = jobs_.begin(); it != jobs_.end() && finished > keep_finished_;) {
    const bool done = it->second.state == JobState::kSucceeded || it->second.state == JobState::kFailed;
    if (done) {
      it = jobs_.erase(it);
      --finished;
    } else {
      ++it;
    }
  }
}

void BackgroundJobs::Update(const std::string& id, const std::function<void(JobStatus&)>& change) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(NumberOf(id));
  if (it != jobs_.end()) change(it->second);
}

std::optional<JobStatus> BackgroundJobs::Get(std::string_view id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(NumberOf(id));
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

std::vector<JobStatus> BackgroundJobs::List() const {
  std::lock_guard lock(mutex_);
  std::vector<JobStatus> all;
  for (const auto& [n, job] : jobs_) all.push_back(job);
  return all;
}

}  // namespace vigil
