#include "api/afd/sigv4.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/afd/botocore_call_test_util.h"
#include "core/time_format.h"

namespace vigil::api::afd {
namespace {

SecretLookup Secrets() {
  return [](const std::string& id) -> std::optional<std::string> {
    if (id == kKeyId) return std::string(kSecret);
    return std::nullopt;
  };
}

int64_t At(const char* iso) { return *ParseIso8601(iso); }

// AWS's own test vector (the SigV4 test suite's get-vanilla).
TEST(SigV4, AwsTestSuiteGetVanilla) {
  SignedRequest r{"GET", "/", "", {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}, ""};
  const std::string canonical = CanonicalRequest(r, {"host", "x-amz-date"});
  EXPECT_EQ(canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Signature(kSecret, {kKeyId, "20150830", "us-east-1", "service"}, "20150830T123600Z",
                      canonical),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, ABotocoreSignedCallVerifies) {
  auto caller = Verify(BotocoreCall(), Secrets(), At("2026-12-01T10:34:00Z"));
  ASSERT_TRUE(caller) << caller.error().message;
  EXPECT_EQ(caller->access_key_id, kKeyId);
}

TEST(SigV4, AnythingChangedAfterSigningIsRefused) {
  auto refused = [](SignedRequest r) {
    auto v = Verify(r, Secrets(), At("2026-12-01T10:34:00Z"));
    EXPECT_FALSE(v);
    return v ? std::string() : v.error().field;
  };
  SignedRequest body = BotocoreCall();
  body.body += " ";
  EXPECT_EQ(refused(body), "InvalidSignatureException");
  SignedRequest target = BotocoreCall();
  target.headers[1].second = "AWSHawksNestServiceFacade.DeleteDetector";
  EXPECT_EQ(refused(target), "InvalidSignatureException");
  SignedRequest other_secret = BotocoreCall();
  auto wrong = [](const std::string&) -> std::optional<std::string> { return "not the secret"; };
  auto v = Verify(other_secret, wrong, At("2026-12-01T10:34:00Z"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().field, "InvalidSignatureException");
}

TEST(SigV4, UnknownKeysSkewAndMalformedHeadersAreAfdErrors) {
  auto nobody = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto unknown = Verify(BotocoreCall(), nobody, At("2026-12-01T10:34:00Z"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "UnrecognizedClientException");
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);

  auto late = Verify(BotocoreCall(), Secrets(), At("2026-12-01T10:45:01Z"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().field, "InvalidSignatureException");
  EXPECT_NE(late.error().message.find("Signature expired"), std::string::npos);
  EXPECT_TRUE(Verify(BotocoreCall(), Secrets(), At("2026-12-01T10:44:59Z")));
  EXPECT_TRUE(Verify(BotocoreCall(), Secrets(), At("2026-12-01T10:15:01Z")));

  SignedRequest none = BotocoreCall();
  none.headers.pop_back();
  EXPECT_EQ(Verify(none, Secrets(), At("2026-12-01T10:34:00Z")).error().field,
            "MissingAuthenticationTokenException");
  for (const std::string& header : std::vector<std::string>{
           "AWS4-HMAC-SHA1 Credential=a/20261201/r/s/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/frauddetector, "
        "SignedHeaders=host;x-amz-date, Signature=" + std::string(64, 'a'),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/frauddetector/aws4_request, "
        "SignedHeaders=content-type;x-amz-date, Signature=" + std::string(64, 'a'),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/frauddetector/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=xyz"}) {
    SignedRequest r = BotocoreCall();
    r.headers.back().second = header;
    auto v = Verify(r, Secrets(), At("2026-12-01T10:34:00Z"));
    ASSERT_FALSE(v) << header;
    EXPECT_EQ(v.error().field, "IncompleteSignatureException") << header;
  }
}

TEST(SigV4, HeaderValuesAreTrimmedFoldedAndJoinedAsSigV4Says) {
  SignedRequest r{"POST", "/", "b=2&a=1", {{"X-Custom", "  one   two "}, {"x-custom", "three"}}, ""};
  EXPECT_EQ(CanonicalRequest(r, {"x-custom"}),
            "POST\n/\na=1&b=2\nx-custom:one two,three\n\nx-custom\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace vigil::api::afd
