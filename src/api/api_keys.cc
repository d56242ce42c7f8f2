#include "api/api_keys.h"

#include <openssl/rand.h>

#include <cstdio>
#include <unordered_set>

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

// `length` characters of `alphabet`, each uniformly from the OS's CSPRNG (bytes past the
// largest multiple of the alphabet's size are drawn again, so no character is more likely).
Result<std::string> RandomText(std::string_view alphabet, size_t length) {
  const unsigned limit = 256 - 256 % alphabet.size();
  std::string out;
  unsigned char bytes[64];
  while (out.size() < length) {
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
      return Fail(ErrorCode::kInternal, "the OS random generator failed");
    }
    for (unsigned char b : bytes) {
      if (b < limit && out.size() < length) out += alphabet[b % alphabet.size()];
    }
  }
  return out;
}

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string RateLimitText(const RateLimit& limit) {
  if (limit.unlimited()) return "unlimited";
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", limit.rate);
  return std::string(rate) + "/s burst " + std::to_string(limit.EffectiveBurst());
}

Result<std::string> GenerateKey() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Fail(ErrorCode::kInternal, "the OS random generator failed");
  }
  return "vgl_" + Hex(bytes, sizeof bytes);
}

Result<AccessKey> GenerateAccessKey() {
  VIGIL_TRY(id, RandomText(kUpperAlnum, 16));
  VIGIL_TRY(secret, RandomText(kSecretAlphabet, 40));
  return AccessKey{"AKIA" + id, secret};
}

Status ValidateAccessKey(const AccessKey& access_key, const std::string& key_name) {
  const bool id_ok = access_key.id.size() >= 16 && access_key.id.size() <= 128 &&
                     access_key.id.find_first_not_of(kUpperAlnum) == std::string::npos;
  if (!id_ok) {
    return Fail(ErrorCode::kInvalidArgument,
                "access_key_id of '" + key_name +
                    "' must be 16 to 128 upper-case letters and digits",
                "access_key_id");
  }
  bool secret_ok = access_key.secret.size() >= 16 && access_key.secret.size() <= 128;
  for (char c : access_key.secret) secret_ok = secret_ok && c > ' ' && c < 127;
  if (!secret_ok) {
    return Fail(ErrorCode::kInvalidArgument,
                "secret_access_key of '" + key_name +
                    "' must be 16 to 128 printable characters without spaces",
                "secret_access_key");
  }
  return {};
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
  boost::json::object out{{"name", key.name}};
  if (!key.sha256.empty()) out["key_sha256"] = key.sha256;
  out["permissions"] = PermissionsText(key.permissions);
  if (key.rate_limit) {
    out["rate_limit"] = {{"rate", key.rate_limit->rate}, {"burst", key.rate_limit->burst}};
  }
  if (key.access_key) {
    out["access_key_id"] = key.access_key->id;
    out["secret_access_key"] = key.access_key->secret;
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
  VIGIL_TRY(access_key_id, r.OptionalString("access_key_id"));
  VIGIL_TRY(secret_access_key, r.OptionalString("secret_access_key"));
  VIGIL_CHECK(r.Finish());
  VIGIL_TRY(bits, ParsePermissions(permissions));
  if (access_key_id.has_value() != secret_access_key.has_value()) {
    return Fail(ErrorCode::kInvalidArgument,
                "key '" + name + "' needs both access_key_id and secret_access_key, or neither",
                access_key_id ? "secret_access_key" : "access_key_id");
  }
  std::optional<AccessKey> access_key;
  if (access_key_id) {
    access_key = AccessKey{*access_key_id, *secret_access_key};
    VIGIL_CHECK(ValidateAccessKey(*access_key, name));
  }
  if (hash && key) {
    return Fail(ErrorCode::kInvalidArgument,
                "key '" + name + "' needs one of key_sha256 (preferred) or key, not both",
                "key_sha256");
  }
  if (!hash && !key && !access_key) {
    return Fail(ErrorCode::kInvalidArgument,
                "key '" + name +
                    "' needs key_sha256 (preferred) or key, or access_key_id with "
                    "secret_access_key",
                "key_sha256");
  }
  if (hash && hash->size() != 64) {
    return Fail(ErrorCode::kInvalidArgument, "key_sha256 of '" + name + "' must be 64 hex digits",
                "key_sha256");
  }
  return ApiKey{name, hash ? *hash : key ? Sha256Hex(*key) : std::string(), bits, rate_limit,
                std::move(access_key)};
}

Status CheckDistinctKeys(const std::vector<ApiKey>& keys) {
  std::unordered_set<std::string> names;
  std::unordered_set<std::string> access_key_ids;
  for (const ApiKey& key : keys) {
    if (!names.insert(key.name).second) {
      return Fail(ErrorCode::kAlreadyExists, "two keys are named '" + key.name + "'", "name");
    }
    if (key.access_key && !access_key_ids.insert(key.access_key->id).second) {
      return Fail(ErrorCode::kAlreadyExists,
                  "two keys have the access key id " + key.access_key->id + " ('" + key.name +
                      "' is the second)",
                  "access_key_id");
    }
  }
  return {};
}

KeyRing::KeyRing(std::vector<ApiKey> keys) : keys_(std::move(keys)) {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (!keys_[i].sha256.empty()) by_hash_[keys_[i].sha256] = i;
    if (keys_[i].access_key) by_access_key_id_[keys_[i].access_key->id] = i;
  }
}

const ApiKey* KeyRing::FindAccessKey(std::string_view access_key_id) const {
  auto it = by_access_key_id_.find(std::string(access_key_id));
  return it == by_access_key_id_.end() ? nullptr : &keys_[it->second];
}

const ApiKey* KeyRing::Find(std::string_view presented) const {
  if (presented.empty()) return nullptr;
  auto it = by_hash_.find(Sha256Hex(presented));
  return it == by_hash_.end() ? nullptr : &keys_[it->second];
}

}  // namespace vigil::api
