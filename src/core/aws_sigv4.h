// AWS Signature Version 4's arithmetic, shared by the two sides that use it: verifying the
// signatures of AFD calls (api/afd/sigv4.h) and signing Vigil's own DynamoDB calls
// (sink/aws_sigv4_sign.h). Each side builds its canonical request; this computes the rest.
//
//   string to sign = "AWS4-HMAC-SHA256" \n amz_date \n date/region/service/aws4_request \n
//                    hex(sha256(canonical request))
//   signing key    = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
//   signature      = hex(HMAC(signing key, string to sign))
//
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace vigil::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

struct Scope {
  std::string date;     // YYYYMMDD, the first 8 characters of the request's X-Amz-Date
  std::string region;   // "us-east-1"
  std::string service;  // "frauddetector", "dynamodb"
};

// "date/region/service/aws4_request".
std::string ScopeText(const Scope& scope);

// hex(HMAC(signing key, string to sign)): 64 lower-case hex digits.
std::string Signature(std::string_view secret, const Scope& scope, std::string_view amz_date,
                      std::string_view canonical_request);

// A header value as the canonical request holds it: trimmed, and every inner run of spaces and
// tabs folded to one space.
std::string CanonicalHeaderValue(std::string_view value);

}  // namespace vigil::sigv4
