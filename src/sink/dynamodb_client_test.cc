#include "sink/dynamodb_client.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::sink {
namespace {

namespace bj = boost::json;

// The client's side of the exchange, checked against replies in the shapes DynamoDB sends
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html and
// the "Error handling" page: 400 with {"__type": "...#Name", "message": "..."}).
class DynamoDbClientTest : public ::testing::Test {
 protected:
  DynamoDbClient Client() {
    DynamoDbTable table{"http://127.0.0.1:4567/", "FraudDetectionResults", "us-east-1",
                        {"AKIDEXAMPLE", "secret", ""}};
    return DynamoDbClient(table, [this](const HttpPostRequest& request) -> Result<HttpPostReply> {
      sent_.push_back(request);
      if (!reply_) return Fail(ErrorCode::kUnavailable, "connection refused");
      return *reply_;
    }, clock_);
  }
  std::string Header(const std::string& name) const {
    for (const auto& [n, v] : sent_.back().headers) {
      if (n == name) return v;
    }
    return "";
  }
  FakeClock clock_{1440938160'000000};
  std::optional<HttpPostReply> reply_ = HttpPostReply{200, "{}"};
  std::vector<HttpPostRequest> sent_;
};

TEST_F(DynamoDbClientTest, BatchWriteSendsSignedPutRequests) {
  auto unprocessed = Client().BatchWrite({bj::object{{"event_id", {{"S", "a"}}}}});
  ASSERT_TRUE(unprocessed);
  EXPECT_TRUE(unprocessed->empty());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(*json::Parse(sent_[0].body),
            *json::Parse(R"({"RequestItems":{"FraudDetectionResults":[
                              {"PutRequest":{"Item":{"event_id":{"S":"a"}}}}]}})"));
  EXPECT_EQ(Header("X-Amz-Target"), "DynamoDB_20120810.BatchWriteItem");
  EXPECT_EQ(Header("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(Header("Host"), "127.0.0.1:4567");
  EXPECT_EQ(Header("X-Amz-Date"), "20150830T123600Z");
  EXPECT_TRUE(Header("Authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                               "dynamodb/aws4_request, SignedHeaders=content-type;host;"
                               "x-amz-date;x-amz-target, Signature="));
}

TEST_F(DynamoDbClientTest, UnprocessedItemsComeBack) {
  reply_ = HttpPostReply{200, R"({"UnprocessedItems":{"FraudDetectionResults":[
      {"PutRequest":{"Item":{"event_id":{"S":"b"}}}}]}})"};
  auto unprocessed = Client().BatchWrite(
      {bj::object{{"event_id", {{"S", "a"}}}}, bj::object{{"event_id", {{"S", "b"}}}}});
  ASSERT_TRUE(unprocessed);
  ASSERT_EQ(unprocessed->size(), 1u);
  EXPECT_EQ(bj::value((*unprocessed)[0]), *json::Parse(R"({"event_id":{"S":"b"}})"));
}

TEST_F(DynamoDbClientTest, ErrorKinds) {
  reply_ = HttpPostReply{400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                                  "message":"Requested resource not found"})"};
  auto missing = Client().BatchWrite({});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, "ResourceNotFoundException");
  EXPECT_NE(missing.error().message.find("Requested resource not found"), std::string::npos);

  reply_ = HttpPostReply{503, "Service Unavailable"};
  auto busy = Client().BatchWrite({});
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().kind, "http_503");

  reply_.reset();
  auto down = Client().BatchWrite({});
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().kind, "unreachable");

  reply_ = HttpPostReply{200, "not json"};
  auto garbled = Client().BatchWrite({});
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().kind, "bad_reply");
}

TEST_F(DynamoDbClientTest, CreateTableOfAnExistingTableSucceeds) {
  reply_ = HttpPostReply{400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException",
                                  "message":"Table already exists: FraudDetectionResults"})"};
  EXPECT_TRUE(Client().CreateTable());
  EXPECT_EQ(Header("X-Amz-Target"), "DynamoDB_20120810.CreateTable");
  const auto body = *json::Parse(sent_.back().body);
  EXPECT_EQ(body.at("KeySchema"), *json::Parse(R"([{"AttributeName":"event_id","KeyType":"HASH"}])"));
  reply_ = HttpPostReply{400, R"({"__type":"com.amazon.coral.service#AccessDeniedException"})"};
  auto denied = Client().CreateTable();
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, "AccessDeniedException");
}

TEST(HostOfEndpoint, KeepsThePortDropsSchemeAndPath) {
  EXPECT_EQ(HostOfEndpoint("https://dynamodb.us-east-1.amazonaws.com"),
            "dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(HostOfEndpoint("http://127.0.0.1:8000/"), "127.0.0.1:8000");
}

}  // namespace
}  // namespace vigil::sink
