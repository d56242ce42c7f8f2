// Batch predictions: CreateBatchPredictionJob, GetBatchPredictionJobs, CancelBatchPredictionJob
// and DeleteBatchPredictionJob, on local CSV files under the S3 directory (s3_location.h), run
// by BatchPredictions (batch_predictions.h). iamRoleArn is accepted, shown back, and not used.
#include <filesystem>

#include "api/afd/members.h"
#include "api/afd/named_operations.h"
#include "api/afd/s3_location.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

Result<BatchPredictions*> Jobs(const Context& context) {
  if (context.batch_predictions == nullptr || context.jobs == nullptr) {
    return Fail(ErrorCode::kUnavailable, "this server runs no batch predictions");
  }
  return context.batch_predictions.get();
}

Result<bj::object> CreateBatchPredictionJob(Context& context, const bj::object& in) {
  VIGIL_TRY(jobs, Jobs(context));
  BatchPredictionRequest r;
  r.job_id = Text(in, "jobId");
  r.input_location = Text(in, "inputPath");
  r.output_location = Text(in, "outputPath");
  r.event_type = Text(in, "eventTypeName");
  r.detector_id = Text(in, "detectorName");
  r.iam_role_arn = Text(in, "iamRoleArn");
  {
    const auto snapshot = context.catalog.Current();
    const catalog::Catalog& c = snapshot->catalog();
    auto detector = c.detectors.find(r.detector_id);
    if (detector == c.detectors.end()) {
      return Fail(ErrorCode::kNotFound, "detector '" + r.detector_id + "' does not exist",
                  "detectorName");
    }
    if (detector->second.event_type != r.event_type) {
      return Fail(ErrorCode::kInvalidArgument,
                  "eventTypeName '" + r.event_type + "' is not the event type of detector '" +
                      r.detector_id + "' ('" + detector->second.event_type + "')",
                  "eventTypeName");
    }
    if (auto version = OptionalText(in, "detectorVersion")) {
      r.detector_version = VersionNumber(*version);
      if (c.FindDetectorVersion(r.detector_id, *r.detector_version) == nullptr) {
        return Fail(ErrorCode::kNotFound,
                    "detector '" + r.detector_id + "' has no version " + *version,
                    "detectorVersion");
      }
    }
  }
  VIGIL_TRY(input, LocalPath(context.s3_root, r.input_location, "inputPath", S3Use::kRead));
  r.input_file = input;
  // outputPath names a folder, as on S3: the output is <outputPath>/<jobId>.csv.
  std::string folder = r.output_location;
  while (folder.ends_with('/')) folder.pop_back();
  VIGIL_TRY(output,
            LocalPath(context.s3_root, folder + "/" + r.job_id + ".csv", "outputPath",
                      S3Use::kWrite));
  r.output_file = output;
  if (std::filesystem::path(output) == std::filesystem::path(input)) {
    return Fail(ErrorCode::kInvalidArgument, "outputPath: the output would replace the input",
                "outputPath");
  }
  VIGIL_CHECK(jobs->Start(std::move(r), *context.jobs));
  return bj::object();
}

Result<bj::object> GetBatchPredictionJobs(Context& context, const bj::object& in) {
  VIGIL_TRY(jobs, Jobs(context));
  if (auto id = OptionalText(in, "jobId")) {
    VIGIL_TRY(job, jobs->Get(*id));
    return bj::object{{"batchPredictions", bj::array{std::move(job)}}};
  }
  return NamePage(jobs->List(), in, "batchPredictions", 50,
                  [](const bj::object& job) { return std::optional(job); });
}

Result<bj::object> CancelBatchPredictionJob(Context& context, const bj::object& in) {
  VIGIL_TRY(jobs, Jobs(context));
  VIGIL_CHECK(jobs->Cancel(Text(in, "jobId")));
  return bj::object();
}

Result<bj::object> DeleteBatchPredictionJob(Context& context, const bj::object& in) {
  VIGIL_TRY(jobs, Jobs(context));
  VIGIL_CHECK(jobs->Delete(Text(in, "jobId")));
  return bj::object();
}

}  // namespace

void AddBatchPredictionOperations(OperationTable& table) {
  table.AddSync("CreateBatchPredictionJob", CreateBatchPredictionJob);
  table.AddSync("GetBatchPredictionJobs", GetBatchPredictionJobs);
  table.AddSync("CancelBatchPredictionJob", CancelBatchPredictionJob);
  table.AddSync("DeleteBatchPredictionJob", DeleteBatchPredictionJob);
}

}  // namespace vigil::api::afd
