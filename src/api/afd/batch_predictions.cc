#include "api/afd/batch_predictions.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "api/afd/members.h"
#include "core/csv.h"
#include "core/time_format.h"
#include "engine/decide.h"
#include "engine/snapshot.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr int kMetadataColumns = 4;  // EVENT_ID, EVENT_TIMESTAMP, ENTITY_ID, ENTITY_TYPE

// AFD's AsyncJobStatus.
constexpr const char* kInitializing = "IN_PROGRESS_INITIALIZING";
constexpr const char* kInProgress = "IN_PROGRESS";
constexpr const char* kCancelling = "CANCEL_IN_PROGRESS";
constexpr const char* kCancelled = "CANCELED";
constexpr const char* kComplete = "COMPLETE";
constexpr const char* kFailed = "FAILED";

// A CSV field: quoted when it holds a comma, a quote or a line end.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Python's repr of a string, as AFD's output columns write them: 'text'.
std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quoted(items[i]);
  return out + "]";
}

// MODEL_SCORES, OUTCOMES and RULE_RESULTS of a decision, as AFD writes them:
// {'model': 953.0}, ['review'], [{'ruleId': 'risky', 'outcomes': ['review']}] (matched rules).
std::vector<std::string> DecisionColumns(const engine::Decision& d) {
  std::string scores = "{";
  for (size_t i = 0; i < d.model_scores.size(); ++i) {
    char score[32];
    std::snprintf(score, sizeof score, "%.1f", d.model_scores[i].score);
    scores += (i ? ", " : "") + Quoted(d.model_scores[i].model->model->model_id) + ": " + score;
  }
  scores += "}";
  std::string rules = "[";
  bool first = true;
  for (const engine::RuleEvaluation& r : d.evaluated) {
    if (!r.matched) continue;
    rules += (first ? "" : ", ") + std::string("{'ruleId': ") + Quoted(r.rule->rule_id) +
             ", 'outcomes': " + QuotedList(r.rule->outcomes) + "}";
    first = false;
  }
  rules += "]";
  return {scores, QuotedList(d.outcomes), "Success", rules};
}

}  // namespace

struct BatchPredictions::Job {
  BatchPredictionRequest request;
  // Guarded by BatchPredictions::mutex_.
  std::string status = kInitializing;
  std::string failure_reason;
  int64_t start_micros = 0, completion_micros = 0, heartbeat_micros = 0;
  int64_t total = 0;
  std::atomic<int64_t> processed = 0;
  std::atomic<bool> cancel = false;
};

Status BatchPredictions::Start(BatchPredictionRequest request, BackgroundJobs& jobs) {
  auto job = std::make_shared<Job>();
  job->request = std::move(request);
  job->start_micros = job->heartbeat_micros = clock_.NowMicros();
  {
    std::lock_guard lock(mutex_);
    if (jobs_.contains(job->request.job_id)) {
      return Fail(ErrorCode::kAlreadyExists,
                  "batch prediction job '" + job->request.job_id + "' already exists", "jobId");
    }
    jobs_.emplace(job->request.job_id, job);
  }
  jobs.Submit("batch prediction " + job->request.job_id,
              [self = shared_from_this(), job](JobProgress&) { return self->Run(job); });
  return {};
}

Result<bj::object> BatchPredictions::Run(const JobPtr& job) {
  const BatchPredictionRequest& r = job->request;
  const std::string temporary = r.output_file + ".part";
  auto finish = [&](const char* status, const std::string& reason) {
    std::error_code ignored;
    if (std::string(status) != kComplete) std::filesystem::remove(temporary, ignored);
    std::lock_guard lock(mutex_);
    job->status = status;
    job->failure_reason = reason;
    job->completion_micros = job->heartbeat_micros = clock_.NowMicros();
  };
  auto fail = [&](const std::string& reason) -> Result<bj::object> {
    finish(kFailed, reason);
    return Fail(ErrorCode::kInvalidArgument, reason);
  };
  if (job->cancel) {
    finish(kCancelled, "");
    return bj::object{{"status", kCancelled}};
  }
  std::ifstream in(r.input_file, std::ios::binary);
  if (!in) return fail("cannot read " + r.input_location + ": " + std::strerror(errno));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
  }
  if (lines.empty()) return fail(r.input_location + " is empty: it needs a header line");
  std::vector<std::string> header;
  if (auto s = SplitCsvLine(lines[0], header); !s) {
    return fail(r.input_location + " line 1: " + s.error().message);
  }
  static const char* kMetadata[kMetadataColumns] = {"EVENT_ID", "EVENT_TIMESTAMP", "ENTITY_ID",
                                                    "ENTITY_TYPE"};
  for (int i = 0; i < kMetadataColumns; ++i) {
    if (header.size() <= static_cast<size_t>(i) || header[i] != kMetadata[i]) {
      return fail(r.input_location + ": the header must begin EVENT_ID, EVENT_TIMESTAMP, "
                                     "ENTITY_ID, ENTITY_TYPE, then the event's variables");
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (!job->cancel) job->status = kInProgress;
    job->total = static_cast<int64_t>(lines.size()) - 1;
  }
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (!out) return fail("cannot write " + r.output_location + ": " + std::strerror(errno));
  for (const std::string& name : header) out << CsvField(name) << ',';
  out << "MODEL_SCORES,OUTCOMES,STATUS,RULE_RESULTS\n";

  // One snapshot for the whole job: every row is decided by the same catalog.
  const engine::SnapshotPtr snapshot = registry_.Current();
  std::vector<std::string> fields;
  for (size_t n = 1; n < lines.size(); ++n) {
    if (job->cancel) {
      finish(kCancelled, "");
      return bj::object{{"status", kCancelled}};
    }
    std::vector<std::string> columns;
    auto decided = [&]() -> Result<std::vector<std::string>> {
      VIGIL_CHECK(SplitCsvLine(lines[n], fields));
      if (fields.size() != header.size()) {
        return Fail(ErrorCode::kInvalidArgument, std::to_string(fields.size()) +
                                                     " fields where the header has " +
                                                     std::to_string(header.size()));
      }
      engine::EventInput input;
      input.event_id = fields[0];
      VIGIL_TRY(micros, ParseIso8601(fields[1]));
      input.event_micros = micros;
      input.detector_id = r.detector_id;
      input.detector_version = r.detector_version;
      input.fields.emplace_back(fields[3] + "_id", Value::String(fields[2]));
      for (size_t c = kMetadataColumns; c < header.size(); ++c) {
        if (header[c] == "EVENT_LABEL" || header[c] == "LABEL_TIMESTAMP") continue;
        if (fields[c].empty()) continue;  // the variable's default
        input.fields.emplace_back(header[c], Value::String(fields[c]));
      }
      VIGIL_TRY(decision, engine::Decide(snapshot, input, clock_.NowMicros()));
      engine::UndoAggregates(decision);  // not a live decision: the windows stay as they were
      return DecisionColumns(decision);
    }();
    // A row that cannot be decided is written with its reason, as AFD marks a failed row.
    if (!decided) {
      (void)SplitCsvLine(lines[n], fields);  // its error is the row's reason already
      fields.resize(header.size());
      decided = std::vector<std::string>{"{}", "[]", "Failure: " + decided.error().message, "[]"};
    }
    for (const std::string& f : fields) out << CsvField(f) << ',';
    for (size_t i = 0; i < decided->size(); ++i) out << (i ? "," : "") << CsvField((*decided)[i]);
    out << '\n';
    job->processed = static_cast<int64_t>(n);
    if (n % 1000 == 0) {
      std::lock_guard lock(mutex_);
      job->heartbeat_micros = clock_.NowMicros();
    }
  }
  out.close();
  std::error_code renamed;
  if (out) std::filesystem::rename(temporary, r.output_file, renamed);
  if (!out || renamed) return fail("cannot write " + r.output_location);
  finish(kComplete, "");
  return bj::object{{"status", kComplete}, {"processedRecordsCount", job->processed.load()}};
}

bj::object BatchPredictions::ToAfd(const Job& job) {
  const BatchPredictionRequest& r = job.request;
  bj::object o{{"jobId", r.job_id},
               {"status", job.status},
               {"startTime", TimeText(job.start_micros)},
               {"lastHeartbeatTime", TimeText(job.heartbeat_micros)},
               {"inputPath", r.input_location},
               {"outputPath", r.output_location},
               {"eventTypeName", r.event_type},
               {"detectorName", r.detector_id},
               {"iamRoleArn", r.iam_role_arn},
               {"arn", Arn("batch-prediction", r.job_id)},
               {"processedRecordsCount", job.processed.load()},
               {"totalRecordsCount", job.total}};
  if (r.detector_version) o["detectorVersion"] = std::to_string(*r.detector_version);
  if (job.completion_micros) o["completionTime"] = TimeText(job.completion_micros);
  if (!job.failure_reason.empty()) o["failureReason"] = job.failure_reason;
  return o;
}

Result<BatchPredictions::JobPtr> BatchPredictions::FindLocked(const std::string& job_id) const {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) {
    return Fail(ErrorCode::kNotFound, "batch prediction job '" + job_id + "' does not exist",
                "jobId");
  }
  return it->second;
}

Result<bj::object> BatchPredictions::Get(const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  VIGIL_TRY(job, FindLocked(job_id));
  return ToAfd(*job);
}

std::map<std::string, bj::object> BatchPredictions::List() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, bj::object> out;
  for (const auto& [id, job] : jobs_) out.emplace(id, ToAfd(*job));
  return out;
}

Status BatchPredictions::Cancel(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  VIGIL_TRY(found, FindLocked(job_id));
  Job& job = *found;
  if (job.status != kInitializing && job.status != kInProgress) {
    return Fail(ErrorCode::kInvalidArgument,
                "batch prediction job '" + job_id + "' is " + job.status +
                    ": only a job in progress can be cancelled",
                "jobId");
  }
  job.cancel = true;
  job.status = kCancelling;
  return {};
}

Status BatchPredictions::Delete(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  VIGIL_TRY(job, FindLocked(job_id));
  const std::string& status = job->status;
  if (status == kInitializing || status == kInProgress || status == kCancelling) {
    return Fail(ErrorCode::kConflict, "batch prediction job '" + job_id + "' is " + status +
                                          ": cancel it first, or wait until it ends",
                "jobId");
  }
  jobs_.erase(job_id);
  return {};
}

}  // namespace vigil::api::afd
