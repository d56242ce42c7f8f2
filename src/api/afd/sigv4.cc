#include "api/afd/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/aws_sigv4.h"
#include "core/time_format.h"

namespace vigil::api::afd {

namespace {

using sigv4::kAlgorithm;
using sigv4::Sha256Hex;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(separator, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// A header's value as SigV4 signs it: the values of every header of that name joined by ",",
// each canonical (core/aws_sigv4.h). nullopt when there is none.
std::optional<std::string> CanonicalValue(const SignedRequest& request, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [n, v] : request.headers) {
    if (Lower(n) != name) continue;
    const std::string canonical = sigv4::CanonicalHeaderValue(v);
    value = value ? *value + "," + canonical : canonical;
  }
  return value;
}

std::string CanonicalQuery(std::string_view query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view part : Split(query, '&')) {
    const size_t eq = part.find('=');
    pairs.emplace_back(std::string(part.substr(0, eq)),
                       eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

Error AfdError(std::string_view type, std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), std::string(type)};
}

// "20261201T103000Z" as microseconds since the epoch.
std::optional<int64_t> AmzDateMicros(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                          "-" + std::string(text.substr(6, 2)) + "T" +
                          std::string(text.substr(9, 2)) + ":" + std::string(text.substr(11, 2)) +
                          ":" + std::string(text.substr(13, 2)) + "Z";
  auto micros = ParseIso8601(iso);
  return micros ? std::optional(*micros) : std::nullopt;
}

}  // namespace

Result<Authorization> ParseAuthorization(std::string_view header) {
  header = Trim(header);
  if (!header.starts_with(kAlgorithm) || header.size() == kAlgorithm.size() ||
      header[kAlgorithm.size()] != ' ') {
    return Fail(ErrorCode::kInvalidArgument,
                "the Authorization header must start with " + std::string(kAlgorithm));
  }
  Authorization out;
  bool credential = false, signed_headers = false, signature = false;
  for (std::string_view part : Split(header.substr(kAlgorithm.size() + 1), ',')) {
    part = Trim(part);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + std::string(part) + "' in the Authorization header is not key=value");
    }
    const std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "Credential") {
      const auto scope = Split(value, '/');
      if (scope.size() != 5 || scope[4] != "aws4_request" || scope[0].empty() ||
          scope[1].size() != 8) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request");
      }
      out.credential = {std::string(scope[0]), std::string(scope[1]), std::string(scope[2]),
                        std::string(scope[3])};
      credential = true;
    } else if (key == "SignedHeaders") {
      for (std::string_view name : Split(value, ';')) out.signed_headers.push_back(Lower(name));
      signed_headers = !value.empty();
    } else if (key == "Signature") {
      out.signature = Lower(value);
      signature = out.signature.size() == 64 &&
                  std::all_of(out.signature.begin(), out.signature.end(),
                              [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
      if (!signature) {
        return Fail(ErrorCode::kInvalidArgument, "Signature must be 64 hexadecimal digits");
      }
    }
  }
  if (!credential || !signed_headers || !signature) {
    return Fail(ErrorCode::kInvalidArgument,
                "the Authorization header needs Credential, SignedHeaders and Signature");
  }
  return out;
}

std::string CanonicalRequest(const SignedRequest& request,
                             const std::vector<std::string>& signed_headers) {
  std::string out = request.method + "\n" + (request.path.empty() ? "/" : request.path) + "\n" +
                    CanonicalQuery(request.query) + "\n";
  std::string names;
  for (const std::string& name : signed_headers) {
    out += name + ":" + CanonicalValue(request, name).value_or("") + "\n";
    names += (names.empty() ? "" : ";") + name;
  }
  return out + "\n" + names + "\n" + Sha256Hex(request.body);
}

std::string Signature(std::string_view secret, const Credential& credential,
                      std::string_view amz_date, std::string_view canonical_request) {
  return sigv4::Signature(secret, {credential.date, credential.region, credential.service},
                          amz_date, canonical_request);
}

Result<VerifiedCaller> Verify(const SignedRequest& request, const SecretLookup& secrets,
                              int64_t now_micros, int64_t max_skew_micros) {
  const auto header = CanonicalValue(request, "authorization");
  if (!header) {
    return std::unexpected(AfdError("MissingAuthenticationTokenException",
                                    "Missing Authentication Token"));
  }
  auto parsed = ParseAuthorization(*header);
  if (!parsed) {
    return std::unexpected(AfdError("IncompleteSignatureException", parsed.error().message));
  }
  const auto& names = parsed->signed_headers;
  for (const char* required : {"host", "x-amz-date"}) {
    if (std::find(names.begin(), names.end(), required) == names.end()) {
      return std::unexpected(AfdError("IncompleteSignatureException",
                                      std::string("SignedHeaders must include ") + required));
    }
  }
  const auto amz_date = CanonicalValue(request, "x-amz-date");
  const auto signed_at = amz_date ? AmzDateMicros(*amz_date) : std::nullopt;
  if (!signed_at || amz_date->substr(0, 8) != parsed->credential.date) {
    return std::unexpected(AfdError("IncompleteSignatureException",
                                    "X-Amz-Date must be YYYYMMDDTHHMMSSZ on the Credential's date"));
  }
  if (std::llabs(now_micros - *signed_at) > max_skew_micros) {
    return std::unexpected(AfdError(
        "InvalidSignatureException",
        "Signature expired: " + *amz_date + " is more than 15 minutes from the server's time " +
            FormatIso8601(now_micros)));
  }
  const auto secret = secrets(parsed->credential.access_key_id);
  if (!secret) {
    return std::unexpected(AfdError("UnrecognizedClientException",
                                    "The security token included in the request is invalid."));
  }
  const std::string expected =
      Signature(*secret, parsed->credential, *amz_date, CanonicalRequest(request, names));
  if (CRYPTO_memcmp(expected.data(), parsed->signature.data(), expected.size()) != 0) {
    return std::unexpected(AfdError(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method."));
  }
  return VerifiedCaller{parsed->credential.access_key_id};
}

}  // namespace vigil::api::afd
