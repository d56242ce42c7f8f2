#include "api/api_keys.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

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

}  // namespace

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
    } else if (word == "all") {
      bits |= kDecide | kRead | kAdmin;
    } else if (!word.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown permission '" + std::string(word) + "' (use decide, read, admin or all)",
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
  return out;
}

boost::json::object ToJson(const ApiKey& key) {
  return {{"name", key.name}, {"key_sha256", key.sha256}, {"permissions", PermissionsText(key.permissions)}};
}

Result<ApiKey> ApiKeyFromJson(const boost::json::value& value) {
  json::ObjectReader r(value, "");
  VIGIL_CHECK(r.Check());
  VIGIL_TRY(name, r.String("name"));
  VIGIL_TRY(hash, r.OptionalString("key_sha256"));
  VIGIL_TRY(key, r.OptionalString("key"));
  VIGIL_TRY(permissions, r.String("permissions"));
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
  return ApiKey{name, hash ? *hash : Sha256Hex(*key), bits};
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
