#include "catalog/edits.h"

#include <gtest/gtest.h>

#include "catalog/objects.h"

namespace vigil::catalog {
namespace {

class EditsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Put(c, EntityType{"account", "", {}}, 1));
    ASSERT_TRUE(Put(c, Outcome{"fraud", "", {}}, 1));
    ASSERT_TRUE(Put(c, Outcome{"legit", "", {}}, 1));
    Variable amount;
    amount.name = "amount";
    amount.data_type = DataType::kFloat;
    amount.default_value = "0";
    ASSERT_TRUE(Put(c, amount, 1));
    ASSERT_TRUE(Put(c, EventType{"payment", {"amount"}, {"account"}, {}, false, "", {}}, 1));
    ASSERT_TRUE(Put(c, Detector{"d", "payment", "", {}}, 1));
    ASSERT_TRUE(CreateRule(c, RuleVersion{"d", "big", 0, "$amount > 100", {"fraud"}, "", {}}, 2));
  }
  Catalog c;
};

TEST_F(EditsTest, RuleVersionsCountUp) {
  EXPECT_EQ(CreateRule(c, RuleVersion{"d", "big", 0, "$amount > 5", {"fraud"}, "", {}}, 3)
                .error()
                .code,
            ErrorCode::kAlreadyExists);
  auto v2 = UpdateRuleVersion(c, RuleVersion{"d", "big", 0, "$amount > 200", {"fraud"}, "", {}}, 3);
  ASSERT_TRUE(v2);
  EXPECT_EQ(*v2, 2);
  EXPECT_EQ(c.FindRule("d", "big", 1)->expression, "$amount > 100");
  EXPECT_EQ(c.FindRule("d", "big", 2)->expression, "$amount > 200");
}

TEST_F(EditsTest, AnyVersionsDescriptionChanges) {
  DetectorVersion draft;
  draft.detector_id = "d";
  draft.rules = {{"big", 1}};
  auto v = CreateDetectorVersion(c, draft, 3);
  ASSERT_TRUE(v);
  ASSERT_TRUE(SetDetectorVersionStatus(c, "d", *v, VersionStatus::kActive, 4));
  ASSERT_TRUE(UpdateDetectorVersionDescription(c, "d", *v, "the live one", 5));
  EXPECT_EQ(c.FindDetectorVersion("d", *v)->description, "the live one");
  EXPECT_EQ(c.FindDetectorVersion("d", *v)->stamps.updated_micros, 5);
  EXPECT_EQ(UpdateDetectorVersionDescription(c, "d", 99, "x", 6).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(UpdateDetectorVersionDescription(c, "d", *v, std::string(129, 'x'), 6).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(EditsTest, DetectorVersionLifecycle) {
  DetectorVersion v;
  v.detector_id = "d";
  v.rules = {{"big", 0}};
  auto n = CreateDetectorVersion(c, v, 5);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(c.FindDetectorVersion("d", 1)->rules[0].version, 1);  // latest resolved
  ASSERT_TRUE(SetDetectorVersionStatus(c, "d", 1, VersionStatus::kActive, 6));
  // Only DRAFT is editable.
  v.version = 1;
  EXPECT_EQ(UpdateDetectorVersion(c, v, 7).error().code, ErrorCode::kConflict);
  // A second version activated deactivates the first: one ACTIVE at a time.
  ASSERT_EQ(*CreateDetectorVersion(c, v, 8), 2);
  ASSERT_TRUE(SetDetectorVersionStatus(c, "d", 2, VersionStatus::kActive, 9));
  EXPECT_EQ(c.FindDetectorVersion("d", 1)->status, VersionStatus::kInactive);
  EXPECT_EQ(c.ActiveVersion("d")->version, 2);
  EXPECT_EQ(DeleteDetectorVersion(c, "d", 2).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(DeleteDetectorVersion(c, "d", 1));
  EXPECT_EQ(DeleteRule(c, "d", "big").error().code, ErrorCode::kConflict);
  EXPECT_FALSE(SetDetectorVersionStatus(c, "d", 2, VersionStatus::kDraft, 10));
}

TEST_F(EditsTest, DeletionGuards) {
  EXPECT_EQ(DeleteVariable(c, "amount").error().code, ErrorCode::kConflict);
  EXPECT_EQ(DeleteOutcome(c, "fraud").error().code, ErrorCode::kConflict);
  EXPECT_EQ(DeleteEventType(c, "payment").error().code, ErrorCode::kConflict);
  EXPECT_EQ(DeleteDetector(c, "d").error().code, ErrorCode::kConflict);
  EXPECT_TRUE(DeleteOutcome(c, "legit"));
  EXPECT_EQ(DeleteOutcome(c, "legit").error().code, ErrorCode::kNotFound);
}

TEST_F(EditsTest, ListsKeepTheirVariableType) {
  ASSERT_TRUE(Put(c, List{"ips", "IP_ADDRESS", {"1.1.1.1"}, "", {}}, 1));
  ASSERT_TRUE(UpdateListElements(c, "ips", ListUpdateMode::kAppend, {"2.2.2.2", "1.1.1.1"}, 2));
  EXPECT_EQ(c.lists["ips"].elements.size(), 2u);
  ASSERT_TRUE(UpdateListElements(c, "ips", ListUpdateMode::kRemove, {"1.1.1.1"}, 3));
  EXPECT_EQ(c.lists["ips"].elements, std::vector<std::string>{"2.2.2.2"});
  EXPECT_EQ(Put(c, List{"ips", "EMAIL_ADDRESS", {}, "", {}}, 4).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(CreateRule(c, RuleVersion{"d", "ip", 0, "$amount > 1 and \"x\" in @ips", {"fraud"}, "", {}}, 5));
  EXPECT_EQ(DeleteList(c, "ips").error().code, ErrorCode::kConflict);
  EXPECT_FALSE(ExpressionUsesList("@ipsx", "ips"));
}

TEST_F(EditsTest, DiffListsExactlyWhatChanged) {
  Catalog before = c;
  ASSERT_TRUE(Put(c, Outcome{"review", "", {}}, 9));
  ASSERT_TRUE(DeleteOutcome(c, "legit"));
  auto changes = Diff(before, c);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, "outcome");
  EXPECT_EQ(changes[0].id, "review");
  EXPECT_TRUE(changes[0].json.has_value());
  EXPECT_EQ(changes[1].id, "legit");
  EXPECT_FALSE(changes[1].json.has_value());
  // And the objects load back into an equal catalog.
  std::vector<StoredObject> objects;
  for (const auto& ch : Diff(Catalog{}, c)) objects.push_back({ch.kind, ch.id, *ch.json});
  auto loaded = CatalogFromObjects(objects);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(Diff(*loaded, c).empty());
}

}  // namespace
}  // namespace vigil::catalog
