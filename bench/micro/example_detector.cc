#include "example_detector.h"

#include <fstream>
#include <sstream>

#include "api/detect_request.h"
#include "catalog/detector_file.h"
#include "catalog/edits.h"
#include "catalog/model_edits.h"
#include "core/json.h"
#include "core/yaml.h"
#include "ml/model_scorer.h"
#include "ml/xgboost_trainer.h"

namespace vigil::bench {

engine::SnapshotPtr ExampleSnapshot() {
  auto catalog = std::make_shared<catalog::Catalog>();
  auto doc = catalog::ReadDetectorDocument(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  (void)catalog::Apply(*catalog, *doc, 1);
  return *engine::Snapshot::Build(catalog);
}

namespace {

// A scorer over transaction_amount and ip_address, in its stored form.
std::string TrainedScorer(int trees, int depth) {
  const size_t n = 5000;
  std::vector<Value> amounts, ips;
  std::unique_ptr<bool[]> fraud(new bool[n]);
  std::vector<float> labels;
  for (size_t i = 0; i < n; ++i) {
    const double amount = static_cast<double>((i * 7919) % 2000) / 2;
    amounts.push_back(Value::Float(amount));
    ips.push_back(Value::String("10." + std::to_string(i % 13) + "." + std::to_string(i % 7) + ".1"));
    fraud[i] = (amount > 800) != (i % 10 == 0);
    labels.push_back(fraud[i] ? 1.0f : 0.0f);
  }
  const std::span<const bool> classes(fraud.get(), n);
  std::vector<ml::VariableEncoder> inputs{
      ml::VariableEncoder::Fit("transaction_amount", ml::EncodingKind::kNumber, amounts, classes),
      ml::VariableEncoder::Fit("ip_address", ml::EncodingKind::kIpAddress, ips, classes)};
  std::vector<float> rows(n * 3);
  for (size_t i = 0; i < n; ++i) {
    inputs[0].Encode(amounts[i], 0, std::span<float>(&rows[i * 3], 1));
    inputs[1].EncodeTrainingRow(i, ips[i], 0, std::span<float>(&rows[i * 3 + 1], 2));
  }
  ml::TrainOptions options;
  options.rounds = trees;
  options.max_depth = depth;
  auto model =
      *ml::TrainXgboost(ml::TrainingData{ml::FeatureMatrix{rows, n, 3}, labels, {}, {}}, options);
  std::vector<double> legit;
  for (size_t i = 0; i < n; ++i) {
    if (!fraud[i]) {
      legit.push_back(*model.ensemble.PredictProbability(std::span<const float>(&rows[i * 3], 3)));
    }
  }
  auto scorer = *ml::ModelScorer::Create(std::move(inputs), std::move(model.xgboost_json),
                                         *ml::ScoreCalibration::Fit(legit));
  return json::Serialize(scorer.ToJson());
}

}  // namespace

engine::SnapshotPtr ExampleSnapshotWithModel(int trees, int depth) {
  auto catalog = std::make_shared<catalog::Catalog>(ExampleSnapshot()->catalog());
  (void)catalog::PutModel(*catalog, {.model_id = "transaction_model", .event_type = "transaction"},
                          2);
  catalog::ModelVersion version;
  version.model_id = "transaction_model";
  version.inputs = {"transaction_amount", "ip_address"};
  version.scorer = {std::make_shared<const std::string>(TrainedScorer(trees, depth))};
  const std::string number = *catalog::PutModelVersion(*catalog, std::move(version), 2);
  catalog::DetectorVersion next = *catalog->ActiveVersion("transaction_detector");
  next.model_versions = {{"transaction_model", number}};
  const int detector_version = *catalog::CreateDetectorVersion(*catalog, next, 3);
  (void)catalog::SetDetectorVersionStatus(*catalog, "transaction_detector", detector_version,
                                          catalog::VersionStatus::kActive, 3);
  return *engine::Snapshot::Build(catalog);
}

engine::EventInput SeedInput() {
  engine::EventInput input = *api::DecodeDetectBody(kSeedBody);
  input.detector_id = "transaction_detector";
  return input;
}

}  // namespace vigil::bench
