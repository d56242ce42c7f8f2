#include "sink/aws_sigv4_sign.h"

#include <gtest/gtest.h>

namespace vigil::sink {
namespace {

// The example credentials of AWS's SigV4 documentation and test suite.
const AwsCredentials kExample{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

// A DynamoDB DescribeTable call as the SDKs send it. The expected canonical request hash and
// signature were computed with botocore 1.43 (botocore.auth.SigV4Auth: canonical_request,
// string_to_sign, signature) for this request at 20150830T123600Z, service dynamodb, us-east-1.
RequestToSign DescribeTable() {
  RequestToSign request;
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"Host", "127.0.0.1:4567"},
                     {"X-Amz-Date", "20150830T123600Z"},
                     {"X-Amz-Target", "DynamoDB_20120810.DescribeTable"}};
  request.body = R"({"TableName":"FraudDetectionResults"})";
  return request;
}

TEST(AwsSigV4Sign, CanonicalRequestOfADynamoDbCall) {
  EXPECT_EQ(CanonicalRequestOf(DescribeTable()),
            "POST\n/\n\n"
            "content-type:application/x-amz-json-1.0\n"
            "host:127.0.0.1:4567\n"
            "x-amz-date:20150830T123600Z\n"
            "x-amz-target:DynamoDB_20120810.DescribeTable\n"
            "\n"
            "content-type;host;x-amz-date;x-amz-target\n"
            "69218c8ce2b2cb598fe06b8daca90b55d8900ce883adc912604fe87350637e92");
  EXPECT_EQ(Sha256Hex(CanonicalRequestOf(DescribeTable())),
            "823cbb93b02ca8995c5f84c7d10c9e81a99ff8081e9a43b34388578fec3f1885");
}

TEST(AwsSigV4Sign, AuthorizationMatchesBotocore) {
  EXPECT_EQ(AuthorizationHeader(DescribeTable(), kExample, {"us-east-1", "dynamodb"},
                                "20150830T123600Z"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=275740da416157125b3708a8deb408691ca7353f885cafdcfcdde63c60924859");
}

// The shape of "get-vanilla" of AWS's SigV4 test suite: GET / of example.amazon.com with no
// body, service "service". Signature computed with botocore 1.43 as above.
TEST(AwsSigV4Sign, GetWithoutBody) {
  RequestToSign request;
  request.method = "GET";
  request.headers = {{"Host", "example.amazon.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  EXPECT_EQ(AuthorizationHeader(request, kExample, {"us-east-1", "service"}, "20150830T123600Z"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=7ab4567ae243ee168f6bf18206b2b40b61ce08277323168138fa113ed23c538e");
}

TEST(AwsSigV4Sign, HeaderValuesAreTrimmedAndFolded) {
  RequestToSign request;
  request.headers = {{"X-Spaced", "  a   b  c "}, {"Host", "h"}};
  EXPECT_EQ(CanonicalRequestOf(request),
            "POST\n/\n\nhost:h\nx-spaced:a b c\n\nhost;x-spaced\n" + Sha256Hex(""));
}

TEST(AwsSigV4Sign, AmzDateIsUtcSeconds) {
  EXPECT_EQ(AmzDate(1440938160'000000), "20150830T123600Z");
  EXPECT_EQ(AmzDate(1440938160'999999), "20150830T123600Z");
  EXPECT_EQ(AmzDate(0), "19700101T000000Z");
}

}  // namespace
}  // namespace vigil::sink
