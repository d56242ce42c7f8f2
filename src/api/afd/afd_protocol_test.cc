#include "api/afd/afd_protocol.h"

#include <gtest/gtest.h>

#include <regex>

#include "api/afd/afd_error.h"

namespace vigil::api::afd {
namespace {

http::Request AfdRequest(const char* target, const char* content_type = kContentType) {
  http::Request request{boost::beast::http::verb::post, "/", 11};
  if (target != nullptr) request.set("X-Amz-Target", target);
  if (content_type != nullptr) request.set(boost::beast::http::field::content_type, content_type);
  return request;
}

TEST(AfdProtocolTest, RecognisesAfdRequests) {
  EXPECT_TRUE(IsAfdRequest(AfdRequest("AWSHawksNestServiceFacade.GetEventPrediction")));
  EXPECT_FALSE(IsAfdRequest(AfdRequest(nullptr)));
  http::Request get = AfdRequest("AWSHawksNestServiceFacade.GetEventPrediction");
  get.method(boost::beast::http::verb::get);
  EXPECT_FALSE(IsAfdRequest(get));
  http::Request detect = AfdRequest("AWSHawksNestServiceFacade.GetEventPrediction");
  detect.target("/detect");
  EXPECT_FALSE(IsAfdRequest(detect));
}

TEST(AfdProtocolTest, ReadsTheOperation) {
  const std::string prefix = "AWSHawksNestServiceFacade";
  EXPECT_EQ(TargetOperation(AfdRequest("AWSHawksNestServiceFacade.PutLabel"), prefix), "PutLabel");
  EXPECT_EQ(TargetOperation(AfdRequest("OtherService.PutLabel"), prefix), std::nullopt);
  EXPECT_EQ(TargetOperation(AfdRequest("AWSHawksNestServiceFacade."), prefix), std::nullopt);
  EXPECT_EQ(TargetOperation(AfdRequest("AWSHawksNestServiceFacadePutLabel"), prefix), std::nullopt);
}

TEST(AfdProtocolTest, ChecksContentType) {
  EXPECT_EQ(CheckContentType(AfdRequest("x")), std::nullopt);
  EXPECT_EQ(CheckContentType(AfdRequest("x", "application/x-amz-json-1.1; charset=utf-8")),
            std::nullopt);
  EXPECT_EQ(CheckContentType(AfdRequest("x", nullptr)), std::nullopt);
  auto error = CheckContentType(AfdRequest("x", "text/plain"));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, "SerializationException");
}

TEST(AfdProtocolTest, RequestIdsAreRandomUuids) {
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::string a = NewRequestId();
  EXPECT_TRUE(std::regex_match(a, uuid)) << a;
  EXPECT_NE(a, NewRequestId());
}

TEST(AfdProtocolTest, ErrorsHaveAfdsShape) {
  http::Request request = AfdRequest("x");
  http::Response response = AfdFailure(request, "id-1", ValidationError("bad"));
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_EQ(response["x-amzn-RequestId"], "id-1");
  EXPECT_EQ(response[boost::beast::http::field::content_type], kContentType);
  EXPECT_EQ(response.body(), R"({"__type":"ValidationException","message":"bad"})");

  EXPECT_EQ(AfdSuccess(request, "id-2", "{}").body(), "{}");
}

TEST(AfdProtocolTest, MapsVigilErrorsToAfdErrors) {
  EXPECT_EQ(FromError(Error{ErrorCode::kNotFound, "no", ""}).type, "ResourceNotFoundException");
  EXPECT_EQ(FromError(Error{ErrorCode::kNotFound, "no", ""}).status, 400u);
  EXPECT_EQ(FromError(Error{ErrorCode::kConflict, "no", ""}).type, "ConflictException");
  EXPECT_EQ(FromError(Error{ErrorCode::kAlreadyExists, "no", ""}).type, "ConflictException");
  EXPECT_EQ(FromError(Error{ErrorCode::kResourceExhausted, "no", ""}).type, "ThrottlingException");
  EXPECT_EQ(FromError(Error{ErrorCode::kInternal, "no", ""}).status, 500u);
  EXPECT_EQ(FromError(Error{ErrorCode::kInvalidArgument, "must be x", "detectorId"}).message,
            "detectorId: must be x");
}

}  // namespace
}  // namespace vigil::api::afd
