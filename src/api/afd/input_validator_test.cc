#include "api/afd/input_validator.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::api::afd {
namespace {

std::optional<AfdError> Validate(const char* operation, const char* body) {
  const ServiceModel& model = ServiceModel::Embedded();
  auto json = json::Parse(body);
  EXPECT_TRUE(json) << body;
  return ValidateInput(model.FindOperation(operation)->input, *json);
}

constexpr const char* kPrediction = R"({
  "detectorId": "fraud_detector", "eventId": "e-1", "eventTypeName": "transaction",
  "entities": [{"entityType": "customer", "entityId": "c.1@x"}],
  "eventTimestamp": "2026-11-01T10:00:00Z", "eventVariables": {"amount": "12.5"}})";

TEST(InputValidatorTest, AcceptsAValidRequest) {
  EXPECT_EQ(Validate("GetEventPrediction", kPrediction), std::nullopt);
}

TEST(InputValidatorTest, IgnoresMembersTheModelDoesNotKnow) {
  EXPECT_EQ(Validate("PutLabel", R"({"name": "fraud", "somethingNew": 1})"), std::nullopt);
}

TEST(InputValidatorTest, NamesAMissingRequiredMember) {
  auto error = Validate("PutLabel", R"({"description": "x"})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, "ValidationException");
  EXPECT_EQ(error->status, 400u);
  EXPECT_EQ(error->message,
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(InputValidatorTest, TakesNullAsAbsent) {
  auto error = Validate("PutLabel", R"({"name": null})");
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("Value null at 'name'"), std::string::npos);
}

TEST(InputValidatorTest, ChecksPatternsLengthsAndEnums) {
  auto error = Validate("PutEventType", R"({"name": "Signup", "description": "",
      "eventVariables": ["amount"], "entityTypes": ["customer"], "eventIngestion": "SOMETIMES"})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message,
            "3 validation errors detected: "
            "Value 'Signup' at 'name' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: ^[0-9a-z_-]+$; "
            "Value '' at 'description' failed to satisfy constraint: Member must have length "
            "greater than or equal to 1; "
            "Value 'SOMETIMES' at 'eventIngestion' failed to satisfy constraint: Member must "
            "satisfy enum value set: [ENABLED, DISABLED]");
}

TEST(InputValidatorTest, ChecksOnlyWhatTheModelSays) {
  // CreateVariableRequest.name is a plain string in the model: the catalog checks the name.
  EXPECT_EQ(Validate("CreateVariable", R"({"name": "Amount", "dataType": "FLOAT",
      "dataSource": "EVENT", "defaultValue": "0"})"),
            std::nullopt);
}

TEST(InputValidatorTest, PathsIntoListsAndMaps) {
  auto error = Validate("GetEventPrediction", R"({
    "detectorId": "d", "eventId": "e", "eventTypeName": "t",
    "entities": [{"entityType": "customer", "entityId": "ok"}, {"entityType": "customer", "entityId": "bad id"}],
    "eventTimestamp": "2026-11-01T10:00:00Z", "eventVariables": {"amount": ""}})");
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("Value 'bad id' at 'entities.2.member.entityId' failed to satisfy "
                                "constraint: Member must satisfy regular expression pattern: "
                                "^[0-9A-Za-z_.@+-]+$"),
            std::string::npos)
      << error->message;
  // Variable values are sensitive: the message names the member, not the value.
  EXPECT_NE(error->message.find("Value at 'eventVariables.amount' failed to satisfy constraint: "
                                "Member must have length greater than or equal to 1"),
            std::string::npos)
      << error->message;
}

TEST(InputValidatorTest, ChecksListSizesAndNumericRanges) {
  auto error = Validate("GetEventPrediction", R"({
    "detectorId": "d", "eventId": "e", "eventTypeName": "t", "entities": [],
    "eventTimestamp": "2026-11-01T10:00:00Z", "eventVariables": {}})");
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("at 'eventVariables' failed to satisfy constraint: Member must "
                                "have length greater than or equal to 1"),
            std::string::npos)
      << error->message;

  error = Validate("GetLabels", R"({"maxResults": 5})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message,
            "1 validation error detected: Value '5' at 'maxResults' failed to satisfy "
            "constraint: Member must have value greater than or equal to 10");
  EXPECT_EQ(Validate("GetLabels", R"({"maxResults": 50})"), std::nullopt);
}

TEST(InputValidatorTest, CountsLengthInUtf16Units) {
  // 64 characters, one of them outside the BMP (two UTF-16 units): 65 units, over the limit.
  std::string name(63, 'a');
  std::string body = R"({"name": ")" + name + "\xF0\x9F\x98\x80" + R"("})";
  auto json = json::Parse(body);
  ASSERT_TRUE(json);
  auto error = ValidateInput(ServiceModel::Embedded().FindShape("PutEntityTypeRequest"), *json);
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("Member must have length less than or equal to 64"),
            std::string::npos);
}

TEST(InputValidatorTest, AWrongJsonTypeIsASerializationError) {
  auto error = Validate("PutLabel", R"({"name": 12})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, "SerializationException");
  EXPECT_EQ(error->message, "'name' must be a string, not a number");

  error = Validate("PutLabel", R"([1])");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, "SerializationException");
}

TEST(InputValidatorTest, AnOperationWithoutInputTakesAnyObject) {
  EXPECT_EQ(Validate("GetKMSEncryptionKey", "{}"), std::nullopt);
}

}  // namespace
}  // namespace vigil::api::afd
