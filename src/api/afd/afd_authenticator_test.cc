#include "api/afd/afd_authenticator.h"

#include <gtest/gtest.h>

#include "api/afd/botocore_call_test_util.h"
#include "core/time_format.h"

namespace vigil::api::afd {
namespace {

// BotocoreCall() as the server receives it.
http::Request Received(const SignedRequest& signed_request) {
  http::Request request(boost::beast::http::verb::post, signed_request.path, 11);
  for (const auto& [name, value] : signed_request.headers) request.set(name, value);
  request.body() = signed_request.body;
  request.prepare_payload();
  return request;
}

const int64_t kSignedAt = *ParseIso8601("2026-12-01T10:30:00Z");
constexpr int64_t kMinute = 60'000'000;

ApiKey WithAccessKey(std::string name, uint8_t permissions, std::string secret = kSecret) {
  return ApiKey{std::move(name), "", permissions, std::nullopt,
                AccessKey{kKeyId, std::move(secret)}};
}

TEST(AfdAuthenticator, ASignedCallOfAPermittedOperationIsItsKeys) {
  KeyRing keys({ApiKey{"rest", Sha256Hex("vgl_x"), kAllPermissions},
                WithAccessKey("scorer", kDecide)});
  auto caller = AuthenticateAfd(Received(BotocoreCall()), "GetEventPrediction", keys,
                                kSignedAt + 2 * kMinute);
  ASSERT_TRUE(caller) << caller.error().message;
  EXPECT_EQ((*caller)->name, "scorer");
}

TEST(AfdAuthenticator, AKeyWithoutThePermissionIsDeniedByName) {
  KeyRing keys({WithAccessKey("reader", kRead | kEvents)});
  auto denied = AuthenticateAfd(Received(BotocoreCall()), "GetEventPrediction", keys, kSignedAt);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().type, "AccessDeniedException");
  EXPECT_EQ(denied.error().status, 400u);  // AFD's status for every client error
  EXPECT_NE(denied.error().message.find(
                "User: reader is not authorized to perform: frauddetector:GetEventPrediction"),
            std::string::npos)
      << denied.error().message;
  // A scoring-only key reads nothing and edits nothing.
  KeyRing scorer({WithAccessKey("scorer", kDecide)});
  for (const char* operation : {"CreateDetectorVersion", "GetDetectors", "SendEvent"}) {
    auto refused = AuthenticateAfd(Received(BotocoreCall()), operation, scorer, kSignedAt);
    ASSERT_FALSE(refused) << operation;
    EXPECT_EQ(refused.error().type, "AccessDeniedException") << operation;
    EXPECT_NE(refused.error().message.find(std::string("frauddetector:") + operation),
              std::string::npos);
  }
}

TEST(AfdAuthenticator, BadCredentialsAreAfdErrors) {
  auto refusal = [](const KeyRing& keys, const http::Request& request, int64_t now) {
    auto outcome = AuthenticateAfd(request, "GetEventPrediction", keys, now);
    EXPECT_FALSE(outcome);
    return outcome ? std::string() : outcome.error().type;
  };
  const http::Request call = Received(BotocoreCall());
  KeyRing right({WithAccessKey("scorer", kAllPermissions)});
  KeyRing wrong_secret({WithAccessKey("scorer", kAllPermissions, "not-the-secret-at-all")});
  KeyRing rest_only({ApiKey{"rest", Sha256Hex("vgl_x"), kAllPermissions}});
  EXPECT_EQ(refusal(wrong_secret, call, kSignedAt), "InvalidSignatureException");
  EXPECT_EQ(refusal(rest_only, call, kSignedAt), "UnrecognizedClientException");
  EXPECT_EQ(refusal(right, call, kSignedAt + 20 * kMinute), "InvalidSignatureException");
  EXPECT_EQ(refusal(right, call, kSignedAt - 20 * kMinute), "InvalidSignatureException");
  EXPECT_TRUE(AuthenticateAfd(call, "GetEventPrediction", right, kSignedAt + 14 * kMinute));

  http::Request unsigned_call = call;
  unsigned_call.erase("authorization");
  EXPECT_EQ(refusal(right, unsigned_call, kSignedAt), "MissingAuthenticationTokenException");
  // A REST key is no credential for AFD calls.
  unsigned_call.set("x-api-key", "vgl_x");
  EXPECT_EQ(refusal(rest_only, unsigned_call, kSignedAt), "MissingAuthenticationTokenException");

  http::Request changed = call;
  changed.set("x-amz-target", "AWSHawksNestServiceFacade.DeleteDetector");
  EXPECT_EQ(refusal(right, changed, kSignedAt), "InvalidSignatureException");
}

}  // namespace
}  // namespace vigil::api::afd
