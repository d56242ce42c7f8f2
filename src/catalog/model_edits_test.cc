#include "catalog/model_edits.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "catalog/codec.h"
#include "catalog/detector_document.h"
#include "catalog/detector_file.h"
#include "catalog/edits.h"
#include "catalog/objects.h"
#include "core/json.h"
#include "core/yaml.h"

namespace vigil::catalog {
namespace {

class ModelEditsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Put(c, EntityType{"account", "", {}}, 1));
    ASSERT_TRUE(Put(c, Outcome{"fraud", "", {}}, 1));
    for (const char* name : {"amount", "other"}) {
      Variable v;
      v.name = name;
      v.data_type = DataType::kFloat;
      v.default_value = "0";
      ASSERT_TRUE(Put(c, v, 1));
    }
    ASSERT_TRUE(Put(c, EventType{"payment", {"amount"}, {"account"}, {}, false, "", {}}, 1));
    ASSERT_TRUE(Put(c, EventType{"login", {"other"}, {"account"}, {}, false, "", {}}, 1));
    ASSERT_TRUE(Put(c, Detector{"d", "payment", "", {}}, 1));
    ASSERT_TRUE(PutModel(c, Model{.model_id = "m", .event_type = "payment"}, 2));
  }
  ModelVersion Trained() const {
    return ModelVersion{.model_id = "m",
                        .inputs = {"amount"},
                        .scorer = {std::make_shared<const std::string>("{\"inputs\":[]}")}};
  }
  Catalog c;
};

TEST_F(ModelEditsTest, AModelBringsItsScoreVariable) {
  const Variable& score = c.variables.at("m_insightscore");
  EXPECT_EQ(score.data_source, DataSource::kModelScore);
  EXPECT_EQ(score.data_type, DataType::kFloat);
  EXPECT_EQ(DeleteVariable(c, "m_insightscore").error().code, ErrorCode::kConflict);
  EXPECT_FALSE(PutModel(c, Model{.model_id = "with-dash", .event_type = "payment"}, 3));
  EXPECT_EQ(PutModel(c, Model{.model_id = "amount_insightscore_x", .event_type = "nope"}, 3)
                .error()
                .code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(PutModel(c, Model{.model_id = "l", .event_type = "login"}, 3));
  EXPECT_NE(DeleteEventType(c, "login").error().message.find("model 'l'"), std::string::npos);
  ASSERT_TRUE(DeleteModel(c, "m"));
  EXPECT_FALSE(c.variables.contains("m_insightscore"));
}

TEST_F(ModelEditsTest, VersionsCountUpAndAreImmutableOnceTrained) {
  EXPECT_EQ(*PutModelVersion(c, Trained(), 3), "1.0");
  EXPECT_EQ(*PutModelVersion(c, Trained(), 4), "2.0");
  auto again = Trained();
  again.version = "2.0";
  EXPECT_EQ(PutModelVersion(c, again, 5).error().code, ErrorCode::kAlreadyExists);
  // Training completes by putting its TRAINING_IN_PROGRESS version again.
  ModelVersion training{.model_id = "m", .status = ModelVersionStatus::kTrainingInProgress,
                        .inputs = {"amount"}};
  EXPECT_EQ(*PutModelVersion(c, training, 6), "3.0");
  auto done = Trained();
  done.version = "3.0";
  EXPECT_EQ(*PutModelVersion(c, done, 7), "3.0");
  EXPECT_EQ(c.FindModelVersion("m", "3.0")->stamps.created_micros, 6);
  EXPECT_EQ(c.FindModelVersion("m", "3.0")->status, ModelVersionStatus::kTrainingComplete);
}

TEST_F(ModelEditsTest, VersionsAreChecked) {
  auto v = Trained();
  v.inputs = {"other"};  // a login variable
  EXPECT_EQ(PutModelVersion(c, v, 3).error().field, "inputs[0]");
  v.inputs = {"amount", "amount"};
  EXPECT_EQ(PutModelVersion(c, v, 3).error().field, "inputs[1]");
  v.inputs = {};
  EXPECT_EQ(PutModelVersion(c, v, 3).error().field, "inputs");
  v = Trained();
  v.scorer = {};
  EXPECT_EQ(PutModelVersion(c, v, 3).error().field, "scorer");
  v = Trained();
  v.version = "1";
  EXPECT_EQ(PutModelVersion(c, v, 3).error().field, "model_version");
  v.model_id = "nope";
  EXPECT_EQ(PutModelVersion(c, v, 3).error().code, ErrorCode::kNotFound);
}

TEST_F(ModelEditsTest, DetectorVersionsUseServableVersionsOfTheirEventType) {
  ASSERT_TRUE(PutModelVersion(c, Trained(), 3));
  DetectorVersion dv;
  dv.detector_id = "d";
  dv.model_versions = {{"m", "1.0"}};
  auto n = CreateDetectorVersion(c, dv, 4);
  ASSERT_TRUE(n) << n.error().message;
  dv.model_versions = {{"m", "9.0"}};
  EXPECT_EQ(CreateDetectorVersion(c, dv, 4).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(PutModel(c, Model{.model_id = "l", .event_type = "login"}, 3));
  ASSERT_TRUE(PutModelVersion(c, ModelVersion{.model_id = "l", .inputs = {"other"},
                                              .scorer = Trained().scorer}, 3));
  dv.model_versions = {{"l", "1.0"}};
  EXPECT_EQ(CreateDetectorVersion(c, dv, 4).error().field, "model_versions[0]");
  ASSERT_TRUE(PutModelVersion(
      c, ModelVersion{.model_id = "m", .status = ModelVersionStatus::kError, .inputs = {"amount"}},
      3));
  dv.model_versions = {{"m", "2.0"}};
  EXPECT_NE(CreateDetectorVersion(c, dv, 4).error().message.find("ERROR"), std::string::npos);

  // In use: the version cannot go, nor be deactivated under an ACTIVE detector version.
  EXPECT_EQ(DeleteModelVersion(c, "m", "1.0").error().code, ErrorCode::kConflict);
  ASSERT_TRUE(SetModelVersionStatus(c, "m", "1.0", ModelVersionStatus::kActive, 5));
  ASSERT_TRUE(SetDetectorVersionStatus(c, "d", *n, VersionStatus::kActive, 5));
  EXPECT_EQ(SetModelVersionStatus(c, "m", "1.0", ModelVersionStatus::kInactive, 6).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(SetModelVersionStatus(c, "m", "2.0", ModelVersionStatus::kActive, 6).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(DeleteModel(c, "m").error().code, ErrorCode::kConflict);
  ASSERT_TRUE(SetDetectorVersionStatus(c, "d", *n, VersionStatus::kInactive, 7));
  ASSERT_TRUE(SetModelVersionStatus(c, "m", "1.0", ModelVersionStatus::kInactive, 8));
  ASSERT_TRUE(DeleteDetectorVersion(c, "d", *n));
  ASSERT_TRUE(DeleteModelVersion(c, "m", "1.0"));
}

TEST_F(ModelEditsTest, StoredAsModelAndModelVersionObjects) {
  auto v = Trained();
  v.training_metrics = {std::make_shared<const std::string>("{\"auc\":0.9}")};
  ASSERT_TRUE(PutModelVersion(c, v, 3));
  const auto changes = Diff(Catalog{}, c);
  std::vector<StoredObject> objects;
  bool model = false, version = false;
  for (const auto& change : changes) {
    objects.push_back({change.kind, change.id, *change.json});
    model = model || (change.kind == "model" && change.id == "m");
    version = version || (change.kind == "model_version" && change.id == "m/1.0");
  }
  EXPECT_TRUE(model);
  EXPECT_TRUE(version);
  auto loaded = CatalogFromObjects(objects);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->models, c.models);
  EXPECT_EQ(loaded->model_versions, c.model_versions);
  EXPECT_TRUE(Diff(*loaded, c).empty());
  auto bad = FromJson<ModelVersion>(*json::Parse(R"({"model_id":"m","inputs":["a"],"status":"DONE"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "status");
  EXPECT_FALSE(FromJson<ModelVersion>(*json::Parse(R"({"model_id":"m","inputs":["a"],"scorer":3})")));
}

}  // namespace
}  // namespace vigil::catalog

namespace vigil::catalog {
namespace {

// A detector file's version may name model versions; Apply checks them like the admin API does.
TEST(ModelDetectorFile, AVersionNamesItsModelVersions) {
  // The example without its model (its score variable declared instead), then with a model in
  // its version.
  auto json = *ReadDetectorFile(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  json.as_object().erase("models");
  json.as_object()["version"].as_object().erase("model_versions");
  json.as_object()["variables"].as_array().push_back(
      boost::json::object{{"name", "transaction_model_insightscore"},
                          {"data_type", "FLOAT"},
                          {"data_source", "MODEL_SCORE"}});
  Catalog c;
  ASSERT_TRUE(Apply(c, *DocumentFromJson(json), 1));
  auto& version = json.as_object()["version"].as_object();
  version["model_versions"] =
      boost::json::array{boost::json::object{{"model_id", "transaction_model"},
                                             {"model_version", "1.0"}}};
  auto missing = Apply(c, *DocumentFromJson(json), 2);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("model 'transaction_model' version 1.0 does not exist"),
            std::string::npos);
  json.as_object()["models"] = boost::json::array{
      boost::json::object{{"model_id", "transaction_model"}, {"event_type", "transaction"}}};
  json.as_object()["version"].as_object().erase("model_versions");
  auto declared = Apply(c, *DocumentFromJson(json), 3);
  ASSERT_TRUE(declared) << declared.error().message;
  EXPECT_EQ(declared->changes, std::vector<std::string>{"model transaction_model: created"});
  EXPECT_TRUE(c.variables.contains("transaction_model_insightscore"));
  EXPECT_TRUE(Apply(c, *DocumentFromJson(json), 3)->changes.empty());
  json.as_object()["version"].as_object()["model_versions"] =
      boost::json::array{boost::json::object{{"model_id", "transaction_model"},
                                             {"model_version", "1.0"}}};
  ASSERT_TRUE(PutModelVersion(
      c,
      ModelVersion{.model_id = "transaction_model",
                   .inputs = {"transaction_amount"},
                   .scorer = {std::make_shared<const std::string>("{}")}},
      3));
  auto report = Apply(c, *DocumentFromJson(json), 4);
  ASSERT_TRUE(report) << report.error().message;
  const DetectorVersion* active = c.ActiveVersion("transaction_detector");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->model_versions,
            (std::vector<ModelVersionRef>{{"transaction_model", "1.0"}}));
  auto exported = Export(c, "transaction_detector");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->at("models").at(0).at("model_id").as_string(), "transaction_model");
  Catalog again = c;
  EXPECT_TRUE(Apply(again, *DocumentFromJson(*exported), 5)->changes.empty());
}

}  // namespace
}  // namespace vigil::catalog
