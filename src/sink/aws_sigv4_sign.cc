#include "sink/aws_sigv4_sign.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace vigil::sink {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SortedHeaders(const RequestToSign& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    headers.emplace_back(Lower(name), sigv4::CanonicalHeaderValue(value));
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return headers;
}

std::string SignedNames(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string names;
  for (const auto& header : headers) names += (names.empty() ? "" : ";") + header.first;
  return names;
}

}  // namespace

std::string CanonicalRequestOf(const RequestToSign& request) {
  const auto headers = SortedHeaders(request);
  std::string out = request.method + "\n" + request.path + "\n" + request.query + "\n";
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += "\n" + SignedNames(headers) + "\n" + Sha256Hex(request.body);
  return out;
}

std::string AuthorizationHeader(const RequestToSign& request, const AwsCredentials& credentials,
                                const SigningScope& scope, const std::string& amz_date) {
  const sigv4::Scope signing{amz_date.substr(0, 8), scope.region, scope.service};
  return std::string(sigv4::kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
         sigv4::ScopeText(signing) + ", SignedHeaders=" + SignedNames(SortedHeaders(request)) +
         ", Signature=" +
         sigv4::Signature(credentials.secret_access_key, signing, amz_date,
                          CanonicalRequestOf(request));
}

std::string AmzDate(int64_t micros) {
  using namespace std::chrono;
  const sys_seconds seconds{duration_cast<std::chrono::seconds>(microseconds(micros))};
  const auto day = floor<days>(seconds);
  const year_month_day ymd{day};
  const hh_mm_ss<std::chrono::seconds> time{seconds - day};
  char out[32];
  std::snprintf(out, sizeof out, "%04d%02u%02uT%02ld%02ld%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return out;
}

}  // namespace vigil::sink
