#include "api/api_keys.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>

#include "core/json.h"

namespace vigil::api {

namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

Result<std::optional<RateLimit>> RateLimitFromJson(const boost::json::value* value,
                                                   const std::string& name) {
  if (value == nullptr || value->is_null()) return std::optional<RateLimit>();
  const std::string field = "rate_limit";
  json::ObjectReader r(*value, field);
  if (!r.Check()) {
    return Fail(ErrorCode::kInvalidArgument,
                "rate_limit of '" + name + "' must be a map {rate, burst}", field);
  }
  RateLimit limit;
  const boost::json::value* rate = r.Member("rate");
  std::optional<double> parsed;
  if (rate != nullptr && rate->is_number()) parsed = rate->to_number<double>();
  if (rate != nullptr && rate->is_string()) {
    if (auto v = CoerceText(rate->get_string(), DataType::kFloat)) parsed = v->number();
  }
  if (!parsed || !(*parsed >= 0 && *parsed <= kMaxRateLimitRate)) {
    return Fail(ErrorCode::kInvalidArgument,
                "rate_limit.rate of '" + name + "' must be a number of requests per second from 0 "
                "(unlimited) to 1e9",
                "rate_limit.rate");
  }
  limit.rate = *parsed;
  VIGIL_TRY(burst, r.OptionalInteger("burst"));
  if (burst && (*burst < 0 || *burst > kMaxRateLimitBurst)) {
    return Fail(ErrorCode::kInvalidArgument,
                "rate_limit.burst of '" + name + "' must be a whole number from 0 to 1000000000",
                "rate_limit.burst");
  }
  limit.burst = burst.value_or(0);
  VIGIL_CHECK(r.Finish());
  return std::optional<RateLimit>(limit);
}

}  // namespace

std::string RateLimitText(const RateLimit& limit) {
  if (limit.unlimited()) return "unlimited";
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", limit.rate);
  return std::string(rate) + "/s burst " + std::to_string(limit.EffectiveBurst());
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return Hex(digest, length);
}

Result<std::string> GenerateKey() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Fail(ErrorCode::kInternal, "the OS random generator failed");
  }
  return "vgl_" + Hex(bytes, sizeof bytes);
}

Result<uint8_t> ParsePermissions(std::string_view text) {
  uint8_t bits = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (word == "decide") {
      bits |= kDecide;
    } else if (word == "read") {
      bits |= kRead;
    } else if (word == "admin") {
      bits |= kAdmin;
    } else if (word == "events") {
      bits |= kEvents;
    } else if (word == "all") {
      bits |= kAllPermissions;
    } else if (!word.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown permission '" + std::string(word) + "' (use decide, read, admin, events or all)",
                  "permissions");
    }
    start = end + 1;
  }
  if (bits == 0) {
    return Fail(ErrorCode::kInvalidArgument, "a key needs at least one permission", "permissions");
  }
  return bits;
}

std::string PermissionsText(uint8_t permissions) {
  std::string out;
  if (permissions & kDecide) out += "decide";
  if (permissions & kRead) out += out.empty() ? "read" : ",read";
  if (permissions & kAdmin) out += out.empty() ? "admin" : ",admin";
  if (permissions & kEvents) out += out.empty() ? "events" : ",events";
  return out;
}

boost::json::object ToJson(const ApiKey& key) {
  boost::json::object out{{"name", key.name},
                          {"key_sha256", key.sha256},
                          {"permissions", PermissionsText(key.permissions)}};
  if (key.rate_limit) {
    out["rate_limit"] = {{"rate", key.rate_limit->rate}, {"burst", key.rate_limit->burst}};
  }
  return out;
}

Result<ApiKey> ApiKeyFromJson(const boost::json::value& value) {
  json::ObjectReader r(value, "");
  VIGIL_CHECK(r.Check());
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(hash, r.OptionalString("key_sha256"));
  VIGIL_TRY(key, r.OptionalString("key"));
  VIGIL_TRY(permissions, r.String("permissions"));
  VIGIL_TRY(rate_limit, RateLimitFromJson(r.Member("rate_limit"), name));
  VIGIL_CHECK(r.Finish());
  VIGIL_TRY(bits, ParsePermissions(permissions));
  if (hash.has_value() == key.has_value()) {
    return Fail(ErrorCode::kInvalidArgument,
                "key '" + name + "' needs exactly one of key_sha256 (preferred) or key", "key_sha256");
  }
  if (hash && hash->size() != 64) {
    return Fail(ErrorCode::kInvalidArgument, "key_sha256 of '" + name + "' must be 64 hex digits",
                "key_sha256");
  }
  return ApiKey{name, hash ? *hash : Sha256Hex(*key), bits, rate_limit};
}

KeyRing::KeyRing(std::vector<ApiKey> keys) {
  for (auto& key : keys) by_hash_[key.sha256] = std::move(key);
}

const ApiKey* KeyRing::Find(std::string_view presented) const {
  if (presented.empty()) return nullptr;
  auto it = by_hash_.find(Sha256Hex(presented));
  return it == by_hash_.end() ? nullptr : &it->second;
}

}  // namespace vigil::api
