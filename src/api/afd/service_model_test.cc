#include "api/afd/service_model.h"

#include <gtest/gtest.h>

namespace vigil::api::afd {
namespace {

TEST(ServiceModelTest, EmbeddedModelHasEveryOperation) {
  const ServiceModel& model = ServiceModel::Embedded();
  EXPECT_EQ(model.target_prefix(), "AWSHawksNestServiceFacade");
  EXPECT_EQ(model.operations().size(), 73u);
  const Operation* op = model.FindOperation("GetEventPrediction");
  ASSERT_NE(op, nullptr);
  ASSERT_NE(op->input, nullptr);
  EXPECT_EQ(op->input->name, "GetEventPredictionRequest");
  EXPECT_EQ(op->errors.size(), 7u);
  EXPECT_EQ(model.FindOperation("NoSuchOperation"), nullptr);
}

TEST(ServiceModelTest, ReadsConstraints) {
  const ServiceModel& model = ServiceModel::Embedded();
  const Shape* identifier = model.FindShape("identifier");
  ASSERT_NE(identifier, nullptr);
  EXPECT_EQ(identifier->type, ShapeType::kString);
  EXPECT_EQ(identifier->min, 1);
  EXPECT_EQ(identifier->max, 64);
  EXPECT_EQ(identifier->pattern, "^[0-9a-z_-]+$");
  ASSERT_NE(identifier->regex, nullptr);

  const Shape* request = model.FindShape("GetEventPredictionRequest");
  ASSERT_NE(request, nullptr);
  int required = 0;
  for (const auto& m : request->members) required += m.required ? 1 : 0;
  EXPECT_EQ(required,
            6);  // detectorId, eventId, eventTypeName, entities, eventTimestamp, eventVariables

  const Shape* mode = model.FindShape("RuleExecutionMode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->enum_values, (std::vector<std::string>{"ALL_MATCHED", "FIRST_MATCHED"}));
}

TEST(ServiceModelTest, RefusesAModelWithADanglingReference) {
  auto model = ServiceModel::FromJson(
      R"({"operations": {"Op": {"input": {"shape": "Missing"}}}, "shapes": {}})");
  ASSERT_FALSE(model);
  EXPECT_NE(model.error().message.find("Missing"), std::string::npos);
}

TEST(ServiceModelTest, RefusesAPatternRe2CannotCompile) {
  auto model = ServiceModel::FromJson(
      R"({"operations": {}, "shapes": {"s": {"type": "string", "pattern": "(unclosed"}}})");
  ASSERT_FALSE(model);
  EXPECT_NE(model.error().message.find("pattern of shape s"), std::string::npos);
}

}  // namespace
}  // namespace vigil::api::afd
