#include "catalog/label_schema.h"

#include <gtest/gtest.h>

#include <limits>

namespace vigil::catalog {
namespace {

const std::vector<std::string> kLabels = {"fraud", "chargeback", "legit", "review"};

TEST(LabelSchema, MapsLabelsToTheirClass) {
  const LabelSchema schema{.fraud = {"fraud", "chargeback"}, .legit = {"legit"}};
  EXPECT_TRUE(ValidateLabelSchema(schema, kLabels));
  EXPECT_EQ(ClassOf(schema, "chargeback", false), TrainingClass::kFraud);
  EXPECT_EQ(ClassOf(schema, "legit", false), TrainingClass::kLegit);
  EXPECT_EQ(ClassOf(schema, "review", false), TrainingClass::kLeftOut);     // in neither class
  EXPECT_EQ(ClassOf(schema, std::nullopt, true), TrainingClass::kLeftOut);  // IGNORE
}

TEST(LabelSchema, UnlabelledEventsFollowTheTreatment) {
  LabelSchema schema{.fraud = {"fraud"}, .legit = {"legit"}};
  schema.unlabeled = UnlabeledTreatment::kLegit;
  EXPECT_EQ(ClassOf(schema, std::nullopt, false), TrainingClass::kLegit);
  schema.unlabeled = UnlabeledTreatment::kFraud;
  EXPECT_EQ(ClassOf(schema, std::nullopt, false), TrainingClass::kFraud);
  schema.unlabeled = UnlabeledTreatment::kAuto;
  EXPECT_EQ(ClassOf(schema, std::nullopt, false), TrainingClass::kLeftOut);
  EXPECT_EQ(ClassOf(schema, std::nullopt, true), TrainingClass::kLegit);
  for (auto t : {UnlabeledTreatment::kIgnore, UnlabeledTreatment::kFraud,
                 UnlabeledTreatment::kLegit, UnlabeledTreatment::kAuto}) {
    EXPECT_EQ(ParseUnlabeledTreatment(UnlabeledTreatmentName(t)), t);
  }
  EXPECT_FALSE(ParseUnlabeledTreatment("ignore"));
}

TEST(LabelSchema, SettledIsTheNewestEventLessMostLabelDelays) {
  std::vector<int64_t> delays;
  for (int64_t d = 1; d <= 100; ++d) delays.push_back(d * 1000);  // 1 .. 100 s
  EXPECT_EQ(SettledBefore(delays, 1'000'000), 1'000'000 - 95'000);
  EXPECT_EQ(SettledBefore({7'000}, 1'000'000), 993'000);
  EXPECT_EQ(SettledBefore({}, 1'000'000), std::numeric_limits<int64_t>::min());
}

TEST(LabelSchema, MistakesNameTheClass) {
  auto empty = ValidateLabelSchema(LabelSchema{.fraud = {}, .legit = {"legit"}}, kLabels);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "label_schema.fraud");
  auto unknown = ValidateLabelSchema(LabelSchema{.fraud = {"fraud"}, .legit = {"ok"}}, kLabels);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "label_schema.legit");
  EXPECT_EQ(unknown.error().message,
            "'ok' is not a label of the event type (it has fraud, chargeback, legit, review)");
  auto both =
      ValidateLabelSchema(LabelSchema{.fraud = {"fraud"}, .legit = {"legit", "fraud"}}, kLabels);
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().message.find("both FRAUD and LEGIT"), std::string::npos);
}

}  // namespace
}  // namespace vigil::catalog
