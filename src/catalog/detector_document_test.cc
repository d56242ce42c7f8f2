#include "catalog/detector_document.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/detector_file.h"
#include "catalog/objects.h"
#include "core/yaml.h"

namespace vigil::catalog {
namespace {

DetectorDocument Example() {
  auto json = ReadDetectorFile(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  EXPECT_TRUE(json) << json.error().message;
  auto doc = DocumentFromJson(*json);
  EXPECT_TRUE(doc) << doc.error().message;
  return *doc;
}

TEST(DetectorDocument, ExampleAppliesAndActivates) {
  Catalog c;
  auto report = Apply(c, Example(), 1);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->detector_version, 1);
  const DetectorVersion* active = c.ActiveVersion("transaction_detector");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->rules.size(), 6u);
  EXPECT_EQ(active->default_outcome, "legit");
  EXPECT_EQ(active->model_versions, (std::vector<ModelVersionRef>{{"transaction_model", "1.0"}}));
  const ModelVersion* model = c.FindModelVersion("transaction_model", "1.0");
  ASSERT_NE(model, nullptr);  // from examples/models/transaction_model-1.0.json
  EXPECT_EQ(model->inputs.front(), "transaction_amount");
}

TEST(DetectorDocument, ApplyingTwiceChangesNothing) {
  Catalog c;
  ASSERT_TRUE(Apply(c, Example(), 1));
  Catalog before = c;
  auto again = Apply(c, Example(), 2);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->changes.empty());
  EXPECT_TRUE(Diff(before, c).empty());
}

TEST(DetectorDocument, ChangedExpressionIsANewRuleVersionAndDetectorVersion) {
  Catalog c;
  ASSERT_TRUE(Apply(c, Example(), 1));
  DetectorDocument doc = Example();
  doc.rules[2].expression = "$transaction_amount >= 20000";
  auto report = Apply(c, doc, 2);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->detector_version, 2);
  EXPECT_EQ(c.FindRule("transaction_detector", "very_large_amount", 2)->expression,
            "$transaction_amount >= 20000");
  EXPECT_EQ(c.ActiveVersion("transaction_detector")->version, 2);
  EXPECT_EQ(c.FindDetectorVersion("transaction_detector", 1)->status, VersionStatus::kInactive);
  EXPECT_EQ(c.FindDetectorVersion("transaction_detector", 1)->rules[2].version, 1);
}

TEST(DetectorDocument, ExportReappliesToTheSameCatalog) {
  Catalog c;
  ASSERT_TRUE(Apply(c, Example(), 1));
  auto exported = Export(c, "transaction_detector");
  ASSERT_TRUE(exported) << exported.error().message;
  auto yaml = JsonToYaml(*exported);
  auto json = YamlToJson(yaml);
  ASSERT_TRUE(json) << json.error().message << "\n" << yaml;
  auto doc = DocumentFromJson(*json);
  ASSERT_TRUE(doc) << doc.error().message << "\n" << yaml;
  Catalog before = c;
  auto report = Apply(c, *doc, 2);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->changes.empty()) << report->changes.front();
  EXPECT_TRUE(Diff(before, c).empty());
}

TEST(DetectorDocument, ErrorsNameTheirPlace) {
  Catalog c;
  DetectorDocument doc = Example();
  doc.rules[1].outcomes = {"nonexistent"};
  auto report = Apply(c, doc, 1);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().field, "rules[1].outcomes");
  auto bad = YamlToJson("detector: [unclosed");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("1:"), std::string::npos);
}

TEST(DetectorDocument, ANameGivenTwiceIsRefused) {
  // Found by fuzzing (tests/fuzz/regressions/detector_file): two rules with one rule_id applied
  // as two versions, and every later apply of the same file made yet another version.
  auto rules = YamlToJson(
      "detector: {detector_id: d, event_type: e}\n"
      "rules:\n"
      "  - {rule_id: r, expression: 'true', outcomes: [o]}\n"
      "  - {rule_id: s, expression: 'true', outcomes: [o]}\n"
      "  - {rule_id: r, expression: 'false', outcomes: [o]}\n");
  ASSERT_TRUE(rules) << rules.error().message;
  auto doc = DocumentFromJson(*rules);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(doc.error().field, "rules[2]");
  EXPECT_EQ(doc.error().message, "rules[2]: r is already defined by rules[0]");

  auto outcomes = YamlToJson(
      "detector: {detector_id: d, event_type: e}\n"
      "outcomes: [block, {name: block, description: Decline}]\n");
  ASSERT_TRUE(outcomes) << outcomes.error().message;
  auto again = DocumentFromJson(*outcomes);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().field, "outcomes[1]");
}

// A detector with a model whose version the document brings inline.
constexpr char kWithModelVersion[] =
    "detector: {detector_id: d, event_type: payment}\n"
    "entity_types: [customer]\n"
    "labels: [fraud, legit]\n"
    "variables:\n"
    "  - {name: amount, data_type: FLOAT, default_value: 0}\n"
    "event_type: {name: payment, variables: [amount], entity_types: [customer],"
    " labels: [fraud, legit]}\n"
    "models:\n"
    "  - model_id: m\n"
    "    event_type: payment\n"
    "    versions:\n"
    "      - {model_version: '1.0', inputs: [amount], scorer: {inputs: [], trees: 1}}\n"
    "version:\n"
    "  model_versions: [{model_id: m, model_version: '1.0'}]\n";

DetectorDocument Document(const std::string& yaml) {
  auto json = YamlToJson(yaml);
  EXPECT_TRUE(json) << json.error().message;
  auto doc = DocumentFromJson(*json);
  EXPECT_TRUE(doc) << doc.error().message;
  return doc ? *doc : DetectorDocument{};
}

TEST(DetectorDocument, AModelVersionItBringsIsAddedOnceAndNeverChanged) {
  Catalog c;
  auto report = Apply(c, Document(kWithModelVersion), 1);
  ASSERT_TRUE(report) << report.error().message;
  const ModelVersion* version = c.FindModelVersion("m", "1.0");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(version->inputs, std::vector<std::string>{"amount"});
  EXPECT_EQ(version->status, ModelVersionStatus::kTrainingComplete);
  EXPECT_EQ(*version->scorer.text, R"({"inputs":[],"trees":1})");
  EXPECT_NE(std::find(report->changes.begin(), report->changes.end(),
                      "model version m 1.0: created"),
            report->changes.end());

  Catalog before = c;
  auto again = Apply(c, Document(kWithModelVersion), 2);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->changes.empty());
  EXPECT_TRUE(Diff(before, c).empty());

  std::string retrained = kWithModelVersion;
  retrained.replace(retrained.find("trees: 1"), 8, "trees: 2");
  auto refused = Apply(c, Document(retrained), 3);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message,
            "model version m 1.0 exists with another scorer: a trained version does not "
            "change; give this one another model_version");
}

TEST(DetectorDocument, AModelVersionMustBeNamedTrainedAndInline) {
  auto refusal = [](const std::string& from, const std::string& to) {
    std::string yaml = kWithModelVersion;
    yaml.replace(yaml.find(from), from.size(), to);
    auto json = YamlToJson(yaml);
    EXPECT_TRUE(json) << json.error().message;
    auto doc = DocumentFromJson(*json);
    EXPECT_FALSE(doc) << to;
    return doc ? Error{} : doc.error();
  };
  EXPECT_EQ(refusal("model_version: '1.0', ", "").field, "models[0].versions[0].model_version");
  EXPECT_EQ(refusal("model_version: '1.0', ", "model_version: '1.0', status: ERROR, ").field,
            "models[0].versions[0].status");
  const Error file = refusal("{model_version: '1.0', inputs: [amount], scorer: {inputs: [], trees: 1}}",
                             "{file: m.json}");
  EXPECT_EQ(file.field, "models[0].versions[0].file");
  EXPECT_NE(file.message.find("holds the version itself"), std::string::npos);
  EXPECT_EQ(refusal("model_version: '1.0', ", "model_version: '1.0', model_id: other, ").field,
            "models[0].versions[0].model_id");
}

class DetectorFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigil_detector_file_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "models");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(DetectorFileTest, AVersionFileTakesItsEntrysPlaceRelativeToTheDetectorFile) {
  std::string yaml = kWithModelVersion;
  const std::string inline_version =
      "{model_version: '1.0', inputs: [amount], scorer: {inputs: [], trees: 1}}";
  yaml.replace(yaml.find(inline_version), inline_version.size(), "{file: models/m-1.0.json}");
  Write("detector.yaml", yaml);
  Write("models/m-1.0.json",
        R"({"model_id":"m","model_version":"1.0","inputs":["amount"],"scorer":{"inputs":[],"trees":1}})");
  auto json = ReadDetectorFile((dir_ / "detector.yaml").string());
  ASSERT_TRUE(json) << json.error().message;
  auto doc = DocumentFromJson(*json);
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->model_versions.size(), 1u);
  EXPECT_EQ(*doc->model_versions[0].scorer.text, R"({"inputs":[],"trees":1})");

  std::filesystem::remove(dir_ / "models/m-1.0.json");
  auto missing = ReadDetectorFile((dir_ / "detector.yaml").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "models[0].versions[0]: cannot read the model version file " +
                (dir_ / "models/m-1.0.json").string());
  Write("models/m-1.0.json", "{\"model_id\": ");
  auto broken = ReadDetectorFile((dir_ / "detector.yaml").string());
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().field, "models[0].versions[0]");
}

}  // namespace
}  // namespace vigil::catalog
