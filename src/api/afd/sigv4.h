// AWS Signature Version 4 verification, as the AWS SDKs and CLI sign each AFD call
// (AWS4-HMAC-SHA256 in the Authorization header, the time in X-Amz-Date). The server recomputes
// the signature from the request it received and the secret of the access key the header names,
// and compares; nothing here knows where secrets live (the caller's SecretLookup does).
//
//   canonical request = method \n path \n query \n headers (name:value\n, the signed ones, in
//                       order) \n signed header names (a;b;c) \n hex(sha256(body))
//   string to sign    = "AWS4-HMAC-SHA256" \n X-Amz-Date \n date/region/service/aws4_request \n
//                       hex(sha256(canonical request))
//   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
//                       "aws4_request")
//   signature         = hex(HMAC(signing key, string to sign))
//
// The errors are AFD's: a missing or malformed header is IncompleteSignatureException; an
// unknown access key UnrecognizedClientException; a signature that does not match, or a
// request time more than 15 minutes from the server's, InvalidSignatureException.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vigil::api::afd {

struct SignedRequest {
  std::string method;  // "POST"
  std::string path;    // "/", as sent (already URI-encoded)
  std::string query;   // after '?', as sent; "" when none
  std::vector<std::pair<std::string, std::string>> headers;  // names in any case, as received
  std::string body;
};

struct Credential {
  std::string access_key_id;
  std::string date;     // YYYYMMDD
  std::string region;   // "us-east-1"
  std::string service;  // "frauddetector"
};

struct Authorization {
  Credential credential;
  std::vector<std::string> signed_headers;  // lower case, as listed
  std::string signature;                    // 64 lower-case hex digits
};

// Parses "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/frauddetector/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=<hex>". Errors: kInvalidArgument with the reason.
Result<Authorization> ParseAuthorization(std::string_view header);

// The canonical request of `request` over `signed_headers` (their values trimmed, inner runs of
// spaces folded, as SigV4 says).
std::string CanonicalRequest(const SignedRequest& request,
                             const std::vector<std::string>& signed_headers);

// hex(HMAC(signing key, string to sign)) for `secret`.
std::string Signature(std::string_view secret, const Credential& credential,
                      std::string_view amz_date, std::string_view canonical_request);

// The secret of an access key id; nullopt when the key is unknown.
using SecretLookup = std::function<std::optional<std::string>(const std::string& access_key_id)>;

struct VerifiedCaller {
  std::string access_key_id;
};

// Verifies `request` signed at most `max_skew_micros` (15 minutes) from `now_micros`. The error's
// message is AFD's; its field holds the AFD error type (IncompleteSignatureException,
// UnrecognizedClientException, InvalidSignatureException) for the caller to answer with.
Result<VerifiedCaller> Verify(const SignedRequest& request, const SecretLookup& secrets,
                              int64_t now_micros,
                              int64_t max_skew_micros = 15LL * 60 * 1'000'000);

}  // namespace vigil::api::afd
