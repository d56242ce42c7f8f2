#include "api/detect_request.h"

#include <gtest/gtest.h>

#include "api/refusal_test_util.h"

namespace vigil::api {
namespace {

TEST(DetectRequest, TheSeedBody) {
  auto in = DecodeDetectBody(
      R"({"event_id":"abc123","transaction_amount":1000,"ip_address":"123.45.67.89","account_id":"user_789"})");
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->event_id, "abc123");
  EXPECT_FALSE(in->event_micros.has_value());
  EXPECT_TRUE(in->detector_id.empty());
  ASSERT_EQ(in->fields.size(), 3u);
  EXPECT_EQ(in->fields[0].first, "transaction_amount");
  EXPECT_EQ(in->fields[0].second, Value::Integer(1000));
}

TEST(DetectRequest, ReservedMembers) {
  auto in = DecodeDetectBody(
      R"({"event_id":"e","event_timestamp":"2025-07-15T12:34:56Z","detector_id":"d","detector_version":"2"})");
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(*in->event_micros, 1752582896LL * 1'000'000);
  EXPECT_EQ(in->detector_id, "d");
  EXPECT_EQ(*in->detector_version, 2);
}

TEST(DetectRequest, ErrorsNameTheField) {
  testing::ExpectRefusals(DecodeDetectBody, {
      {R"({"transaction_amount":1})", "event_id"},
      {R"({"event_id":""})", "event_id"},
      {R"({"event_id":true})", "event_id"},
      {R"({"event_id":"e","event_timestamp":"noon"})", "event_timestamp"},
      {R"({"event_id":"e","event_timestamp":5})", "event_timestamp"},
      {R"({"event_id":"e","detector_version":"0"})", "detector_version"},
      {R"({"event_id":"e","detector_id":"Bad Id"})", "detector_id"},
      {R"({"event_id":"e","transaction_amount":1e999})", "transaction_amount"},
      {R"({"event_id":"e","transaction_amount":-2e308})", "transaction_amount"},
      {R"({"event_id":"e","x":[1]})", "x"},
      {R"({"event_id":"e","":1})", "body"},
      {R"([1])", "body"},
      {R"({"event_id":)", "body"},
  });
}

}  // namespace
}  // namespace vigil::api
