// AWS Signature Version 4 for requests Vigil sends (client side): the Authorization header an AWS
// service such as DynamoDB expects, for a request whose headers, body and time are known.
//
//   canonical request = method \n path \n query \n name:value\n per signed header (lower-case
//                       names, sorted) \n signed names (a;b;c) \n hex(sha256(body))
//   string to sign    = "AWS4-HMAC-SHA256" \n amz_date \n date/region/service/aws4_request \n
//                       hex(sha256(canonical request))
//   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
//                       "aws4_request")
//   Authorization     = AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<names>,
//                       Signature=hex(HMAC(signing key, string to sign))
//
// Every header given is signed. Values are trimmed and inner runs of spaces folded, as SigV4 says;
// path and query are used as given (already URI-encoded). The string to sign, the signing key and
// the signature are core/aws_sigv4.h's, shared with verification. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/aws_sigv4.h"

namespace vigil::sink {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials only; sent as X-Amz-Security-Token
};

struct SigningScope {
  std::string region;   // "us-east-1"
  std::string service;  // "dynamodb"
};

struct RequestToSign {
  std::string method = "POST";
  std::string path = "/";
  std::string query;  // after '?', "" when none
  std::vector<std::pair<std::string, std::string>> headers;  // host and x-amz-date included
  std::string body;
};

using sigv4::Sha256Hex;  // lower-case hex of SHA-256(data)

// The canonical request of `request`, every header signed.
std::string CanonicalRequestOf(const RequestToSign& request);

// The value of the Authorization header for `request` at `amz_date` ("YYYYMMDDTHHMMSSZ", the
// value of its x-amz-date header).
std::string AuthorizationHeader(const RequestToSign& request, const AwsCredentials& credentials,
                                const SigningScope& scope, const std::string& amz_date);

// "YYYYMMDDTHHMMSSZ" of `micros` since the epoch (UTC).
std::string AmzDate(int64_t micros);

}  // namespace vigil::sink
