#include "sink/dynamodb_item.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::sink {
namespace {

namespace bj = boost::json;

bj::value J(std::string_view text) { return *json::Parse(text); }

store::DecisionRecord SeedRecord() {
  store::DecisionRecord record;
  record.event_id = "abc123";
  record.detector_id = "transaction_detector";
  record.detector_version = "1";
  record.event_type = "transaction";
  record.fraud_label = "FRAUD";
  record.insight_score = 947;
  record.decided_micros = 1752582896'000000;  // 2025-07-15T12:34:56Z, the seed's example
  record.record_json = R"({"event_id":"abc123","variables":{"transaction_amount":1000}})";
  record.seq = 7;
  record.hash = std::string(64, 'a');
  return record;
}

// The seed's row: event_id, fraud_label, insight_score, timestamp, as its Lambda writes them.
TEST(DynamoDbItem, SeedAttributesWithTheirTypes) {
  auto item = DecisionItem(SeedRecord());
  ASSERT_TRUE(item) << item.error().message;
  EXPECT_EQ(bj::value((*item)["event_id"]), J(R"({"S":"abc123"})"));
  EXPECT_EQ(bj::value((*item)["fraud_label"]), J(R"({"S":"FRAUD"})"));
  EXPECT_EQ(bj::value((*item)["insight_score"]), J(R"({"N":"947"})"));
  EXPECT_EQ(bj::value((*item)["timestamp"]), J(R"({"S":"2025-07-15T12:34:56Z"})"));
  EXPECT_EQ(bj::value((*item)["seq"]), J(R"({"N":"7"})"));
  EXPECT_EQ(bj::value((*item)["detector_id"]), J(R"({"S":"transaction_detector"})"));
  EXPECT_EQ(bj::value((*item)["record"]),
            J(R"({"M":{"event_id":{"S":"abc123"},
                       "variables":{"M":{"transaction_amount":{"N":"1000"}}}}})"));
  EXPECT_FALSE(item->contains("record_omitted"));
}

TEST(DynamoDbItem, NoScoreNoAttribute) {
  auto record = SeedRecord();
  record.insight_score.reset();
  auto item = DecisionItem(record);
  ASSERT_TRUE(item);
  EXPECT_FALSE(item->contains("insight_score"));
}

TEST(DynamoDbItem, EveryJsonKindMaps) {
  EXPECT_EQ(bj::value(ToAttributeValue(J(
                R"({"n":null,"t":true,"i":-3,"u":18446744073709551615,"d":12.5,"s":"x",)"
                R"("l":[1,"a"],"e":{}})"))),
            J(R"({"M":{"n":{"NULL":true},"t":{"BOOL":true},"i":{"N":"-3"},
                       "u":{"N":"18446744073709551615"},"d":{"N":"12.5"},"s":{"S":"x"},
                       "l":{"L":[{"N":"1"},{"S":"a"}]},"e":{"M":{}}}})"));
}

TEST(DynamoDbItem, NumbersReadBackExactly) {
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(0.1))), J(R"({"N":"0.1"})"));
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(1000.0))), J(R"({"N":"1000"})"));
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(-0.0))), J(R"({"N":"0"})"));
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(1e20))), J(R"({"N":"1e+20"})"));
}

// DynamoDB refuses numbers of magnitude above 9.99e125 or below 1e-130; they are kept as text.
TEST(DynamoDbItem, NumbersBeyondDynamoDbsRangeBecomeStrings) {
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(1e200))), J(R"({"S":"1e+200"})"));
  EXPECT_EQ(bj::value(ToAttributeValue(bj::value(1e-200))), J(R"({"S":"1e-200"})"));
}

TEST(DynamoDbItem, OversizedRecordIsOmitted) {
  auto record = SeedRecord();
  record.record_json = "{\"big\":\"" + std::string(kMaxItemJsonBytes, 'x') + "\"}";
  auto item = DecisionItem(record);
  ASSERT_TRUE(item);
  EXPECT_FALSE(item->contains("record"));
  EXPECT_EQ(bj::value((*item)["record_omitted"]), J(R"({"BOOL":true})"));
  EXPECT_EQ(bj::value((*item)["event_id"]), J(R"({"S":"abc123"})"));
}

TEST(DynamoDbItem, RecordThatIsNotJsonIsAnError) {
  auto record = SeedRecord();
  record.record_json = "{not json";
  EXPECT_FALSE(DecisionItem(record));
}

}  // namespace
}  // namespace vigil::sink
