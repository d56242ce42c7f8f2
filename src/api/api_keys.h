// API keys, as API Gateway's: presented in the x-api-key header, each with a set of
// permissions and, as with a usage plan, optionally its own rate limit. Only SHA-256 hashes of
// keys are kept (in the config file or the store), so a leaked config or database does not leak
// usable keys.
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
#include "core/result.h"

namespace vigil::api {

enum Permission : uint8_t {
  kDecide = 1,  // POST /detect
  kRead = 2,    // GET decisions and events
  kAdmin = 4,   // change and read the catalog, manage keys
  kEvents = 8,  // store, label and delete events (POST, PUT, DELETE under /events)
};
inline constexpr uint8_t kAllPermissions = kDecide | kRead | kAdmin | kEvents;

struct ApiKey {
  std::string name;
  std::string sha256;        // hex SHA-256 of the key text
  uint8_t permissions = 0;   // Permission bits
  // The key's own rate limit; when absent, the server's default (ApiOptions::rate_limit).
  // A limit with rate 0 makes the key unlimited whatever the default.
  std::optional<RateLimit> rate_limit = std::nullopt;
};

// Largest accepted rate (requests per second) and burst of a configured limit.
inline constexpr double kMaxRateLimitRate = 1e9;
inline constexpr int64_t kMaxRateLimitBurst = 1'000'000'000;

std::string Sha256Hex(std::string_view text);
// A new random key: "vgl_" followed by 40 hex characters (160 bits from the OS's CSPRNG).
Result<std::string> GenerateKey();
// "decide,read,admin,events" (any order, any subset; "all" for every permission).
Result<uint8_t> ParsePermissions(std::string_view text);
std::string PermissionsText(uint8_t permissions);

// {"name", "key_sha256", "permissions", "rate_limit": {"rate", "burst"}}; rate_limit only when set.
boost::json::object ToJson(const ApiKey& key);
// Reads a key entry (config file or store); `rate_limit` is optional, and within it `burst`.
Result<ApiKey> ApiKeyFromJson(const boost::json::value& json);
// "5/s burst 10", "unlimited": for logs and listings.
std::string RateLimitText(const RateLimit& limit);

// An immutable set of keys, looked up by the hash of the presented key. Thread-safe to read.
class KeyRing {
 public:
  explicit KeyRing(std::vector<ApiKey> keys);
  bool empty() const { return by_hash_.empty(); }
  // The key whose hash matches, or nullptr.
  const ApiKey* Find(std::string_view presented) const;
  // Calls fn for every key, in no particular order.
  void ForEach(const std::function<void(const ApiKey&)>& fn) const {
    for (const auto& [hash, key] : by_hash_) fn(key);
  }

 private:
  std::unordered_map<std::string, ApiKey> by_hash_;
};

using KeyRingPtr = std::shared_ptr<const KeyRing>;

}  // namespace vigil::api
