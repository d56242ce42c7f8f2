// AFD's batch prediction jobs on local CSV files (docs/api.md, "Batch predictions"): a job reads
// an input CSV in AFD's batch format (EVENT_ID, EVENT_TIMESTAMP, ENTITY_ID, ENTITY_TYPE, then one
// column per event variable; EVENT_LABEL and LABEL_TIMESTAMP are ignored), has every row decided
// by the engine with one detector version — of any status, as AFD allows — and writes the rows
// back with AFD's MODEL_SCORES, OUTCOMES, STATUS and RULE_RESULTS columns appended.
//
// A batch decision is not a live one: it is neither stored nor counted in the aggregates (each
// row's contribution to the windows is taken back at once: engine::UndoAggregates), so the job
// changes nothing but its output file. Rows read the aggregates as the serving windows hold them.
// The output is written beside its final name and renamed when the job completes; a job that
// fails or is cancelled leaves no output.
//
// Jobs run on `BackgroundJobs` (one at a time, as AFD runs them), off every event loop; their
// state stays readable here until deleted. Thread-safety: every member may be called from any
// thread.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/background_jobs.h"
#include "core/clock.h"
#include "core/result.h"
#include "engine/registry.h"

namespace vigil::api::afd {

struct BatchPredictionRequest {
  std::string job_id;
  std::string input_location, output_location;  // as given (s3://...), shown back
  std::string input_file, output_file;          // their local paths (s3_location.h)
  std::string event_type;
  std::string detector_id;
  std::optional<int> detector_version;  // default: the ACTIVE version
  std::string iam_role_arn;             // accepted, shown back, not used
};

class BatchPredictions : public std::enable_shared_from_this<BatchPredictions> {
 public:
  // Held by a shared_ptr: a queued job keeps this alive. `registry` and `clock` outlive every
  // job started.
  BatchPredictions(const engine::Registry& registry, const Clock& clock)
      : registry_(registry), clock_(clock) {}

  // Queues the job on `jobs`. Errors (nothing queued): AlreadyExists for a job id in use.
  Status Start(BatchPredictionRequest request, BackgroundJobs& jobs);
  // AFD's BatchPrediction of one job (NotFound when unknown), or of every job by id.
  Result<boost::json::object> Get(const std::string& job_id) const;
  std::map<std::string, boost::json::object> List() const;
  // Cancel: InvalidArgument unless the job is in progress (or still to start). Delete:
  // Conflict while the job is in progress; its output file stays.
  Status Cancel(const std::string& job_id);
  Status Delete(const std::string& job_id);

 private:
  struct Job;
  using JobPtr = std::shared_ptr<Job>;
  static boost::json::object ToAfd(const Job& job);
  // The job `job_id`, or NotFound naming it. Called with mutex_ held.
  Result<JobPtr> FindLocked(const std::string& job_id) const;
  Result<boost::json::object> Run(const JobPtr& job);

  const engine::Registry& registry_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, JobPtr> jobs_;  // guarded by mutex_
};

}  // namespace vigil::api::afd
