#include "api/event_request.h"

#include <gtest/gtest.h>

#include "api/refusal_test_util.h"

namespace vigil::api {
namespace {

constexpr int64_t kSeedMicros = 1752582896LL * 1'000'000;  // 2025-07-15T12:34:56Z

TEST(SendEventRequest, TheFlatBodyWithALabel) {
  auto request = DecodeSendEventBody(
      R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z","account_id":"a",)"
      R"("transaction_amount":5,"label":"fraud","label_timestamp":"2025-07-15T12:34:57Z"})");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->event.event_id, "e1");
  EXPECT_EQ(*request->event.event_micros, kSeedMicros);
  ASSERT_EQ(request->event.fields.size(), 2u);  // label members are not fields
  EXPECT_EQ(request->event.fields[1].first, "transaction_amount");
  ASSERT_TRUE(request->label);
  EXPECT_EQ(request->label->label, "fraud");
  EXPECT_EQ(request->label->label_micros, kSeedMicros + 1'000'000);
}

TEST(SendEventRequest, WithoutALabel) {
  auto request =
      DecodeSendEventBody(R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z"})");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_FALSE(request->label);
  EXPECT_TRUE(request->event.fields.empty());
}

TEST(SendEventRequest, DetectorMembersAreFieldsHere) {
  // Not reserved: the event type's binding refuses them as undeclared.
  auto request = DecodeSendEventBody(
      R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z","detector_id":"d"})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->event.fields[0].first, "detector_id");
}

TEST(SendEventRequest, ErrorsNameTheField) {
  testing::ExpectRefusals(
      DecodeSendEventBody,
      {
          {R"({"event_timestamp":"2025-07-15T12:34:56Z"})", "event_id"},
          {R"({"event_id":"e1"})", "event_timestamp"},
          {R"({"event_id":"e1","event_timestamp":"yesterday"})", "event_timestamp"},
          {R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z","label":"fraud"})",
           "label_timestamp"},
          {R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z",)"
           R"("label_timestamp":"2025-07-15T12:34:56Z"})",
           "label_timestamp"},
          {R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z","label":"Not A Label",)"
           R"("label_timestamp":"2025-07-15T12:34:56Z"})",
           "label"},
          {R"({"event_id":"e1","event_timestamp":"2025-07-15T12:34:56Z","label":true,)"
           R"("label_timestamp":"2025-07-15T12:34:56Z"})",
           "label"},
          {R"([1])", "body"},
      });
}

TEST(LabelRequest, BothMembersAreRequired) {
  auto label = DecodeLabelBody(R"({"label":"fraud","label_timestamp":"2025-07-15T12:34:56Z"})");
  ASSERT_TRUE(label) << label.error().message;
  EXPECT_EQ(label->label, "fraud");
  EXPECT_EQ(label->label_micros, kSeedMicros);

  testing::ExpectRefusals(
      DecodeLabelBody,
      {
          {R"({"label_timestamp":"2025-07-15T12:34:56Z"})", "label"},
          {R"({"label":"fraud"})", "label_timestamp"},
          {R"({"label":"fraud","label_timestamp":12})", "label_timestamp"},
          {R"({"label":"fraud","label_timestamp":"2025-07-15T12:34:56Z","note":"x"})", "note"},
          {R"({"label":"","label_timestamp":"2025-07-15T12:34:56Z"})", "label"},
          {R"({"label":)", "body"},
      });
}

}  // namespace
}  // namespace vigil::api
