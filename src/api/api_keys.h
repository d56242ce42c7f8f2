// API keys, as API Gateway's: presented in the x-api-key header, each with a set of
// permissions and, as with a usage plan, optionally its own rate limit. Only SHA-256 hashes of
// keys are kept (in the config file or the store), so a leaked config or database does not leak
// usable keys.
//
// A key may also have (or have only) an AWS-style access key, as IAM's: an access key id and its
// secret access key, with which the AWS SDKs and CLI sign AFD's JSON API calls (SigV4,
// api/afd/sigv4.h). Verifying a signature needs the secret itself, not a hash of it: the secret
// is kept in the key store as it is, so a config file or data directory holding access keys
// holds usable secrets and must be readable by the server's user only (mode 0600 / 0700). The
// same permissions apply, mapped onto AFD's operations (api/afd/operation_permissions.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>

#include "api/rate_limiter.h"
#include "core/aws_sigv4.h"
#include "core/result.h"

namespace vigil::api {

enum Permission : uint8_t {
  kDecide = 1,  // POST /detect
  kRead = 2,    // GET decisions and events
  kAdmin = 4,   // change and read the catalog, manage keys
  kEvents = 8,  // store, label and delete events (POST, PUT, DELETE under /events)
};
inline constexpr uint8_t kAllPermissions = kDecide | kRead | kAdmin | kEvents;

// An AWS-style access key. Generated ones are "AKIA" + 16 of [A-Z0-9] and 40 characters of
// [A-Za-z0-9+/], as IAM's; configured ones need an id of 16..128 of [A-Z0-9] and a secret of
// 16..128 printable characters without spaces.
struct AccessKey {
  std::string id;
  std::string secret;
  bool operator==(const AccessKey&) const = default;
};

struct ApiKey {
  std::string name;
  std::string sha256;        // hex SHA-256 of the key text; "" for a key with an access key only
  uint8_t permissions = 0;   // Permission bits
  // The key's own rate limit; when absent, the server's default (ApiOptions::rate_limit).
  // A limit with rate 0 makes the key unlimited whatever the default.
  std::optional<RateLimit> rate_limit = std::nullopt;
  // The key's access key for AFD's JSON API, if it has one.
  std::optional<AccessKey> access_key = std::nullopt;
};

// Largest accepted rate (requests per second) and burst of a configured limit.
inline constexpr double kMaxRateLimitRate = 1e9;
inline constexpr int64_t kMaxRateLimitBurst = 1'000'000'000;

using sigv4::Sha256Hex;  // hex SHA-256, as keys are kept
// A new random key: "vgl_" followed by 40 hex characters (160 bits from the OS's CSPRNG).
Result<std::string> GenerateKey();
// A new random access key (see AccessKey), from the OS's CSPRNG.
Result<AccessKey> GenerateAccessKey();
// Checks a configured access key's id and secret; the error names the field.
Status ValidateAccessKey(const AccessKey& access_key, const std::string& key_name);
// "decide,read,admin,events" (any order, any subset; "all" for every permission).
Result<uint8_t> ParsePermissions(std::string_view text);
std::string PermissionsText(uint8_t permissions);

// {"name", "key_sha256", "permissions", "rate_limit": {"rate", "burst"}, "access_key_id",
// "secret_access_key"}: the key store's entry. key_sha256, rate_limit and the access key only
// when set. It holds the secret access key: never show it.
boost::json::object ToJson(const ApiKey& key);
// Reads a key entry (config file or store): at least one of key_sha256 (or, in a config file,
// key: the key text, hashed on reading) or access_key_id with secret_access_key; `rate_limit`
// is optional, and within it `burst`. Entries stored before access keys existed read unchanged.
Result<ApiKey> ApiKeyFromJson(const boost::json::value& json);
// "5/s burst 10", "unlimited": for logs and listings.
std::string RateLimitText(const RateLimit& limit);

// Checks that no two keys share a name or an access key id (a config file's keys together with
// the store's); the error names the duplicate.
Status CheckDistinctKeys(const std::vector<ApiKey>& keys);

// An immutable set of keys, looked up by the hash of the presented key or by access key id.
// Thread-safe to read. Precondition: CheckDistinctKeys(keys) holds (otherwise a later duplicate
// hides an earlier one).
class KeyRing {
 public:
  explicit KeyRing(std::vector<ApiKey> keys);
  bool empty() const { return keys_.empty(); }
  // The key whose hash matches, or nullptr.
  const ApiKey* Find(std::string_view presented) const;
  // The key whose access key has this id, or nullptr.
  const ApiKey* FindAccessKey(std::string_view access_key_id) const;
  // Calls fn for every key, in the order given.
  void ForEach(const std::function<void(const ApiKey&)>& fn) const {
    for (const auto& key : keys_) fn(key);
  }

 private:
  std::vector<ApiKey> keys_;
  std::unordered_map<std::string, size_t> by_hash_;           // sha256 → index in keys_
  std::unordered_map<std::string, size_t> by_access_key_id_;  // access key id → index
};

using KeyRingPtr = std::shared_ptr<const KeyRing>;

}  // namespace vigil::api
