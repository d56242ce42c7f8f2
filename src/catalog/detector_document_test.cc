#include "catalog/detector_document.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "catalog/objects.h"
#include "core/yaml.h"

namespace vigil::catalog {
namespace {

DetectorDocument Example() {
  std::ifstream in(VIGIL_EXAMPLES_DIR "/transaction_detector.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto json = YamlToJson(text.str());
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
  EXPECT_EQ(active->rules.size(), 5u);
  EXPECT_EQ(active->default_outcome, "legit");
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

}  // namespace
}  // namespace vigil::catalog
