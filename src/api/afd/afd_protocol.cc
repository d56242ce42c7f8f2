#include "api/afd/afd_protocol.h"

#include <openssl/rand.h>

#include <array>
#include <random>

#include "api/responses.h"
#include "core/json.h"

namespace vigil::api::afd {

namespace beast_http = boost::beast::http;

bool IsAfdRequest(const http::Request& request) {
  std::string_view target = request.target();
  target = target.substr(0, target.find('?'));
  return request.method() == beast_http::verb::post && target == "/" &&
         request.find("x-amz-target") != request.end();
}

std::optional<std::string_view> TargetOperation(const http::Request& request,
                                                std::string_view target_prefix) {
  auto header = request.find("x-amz-target");
  if (header == request.end()) return std::nullopt;
  std::string_view value = header->value();
  if (value.size() <= target_prefix.size() + 1 || !value.starts_with(target_prefix) ||
      value[target_prefix.size()] != '.') {
    return std::nullopt;
  }
  return value.substr(target_prefix.size() + 1);
}

std::optional<AfdError> CheckContentType(const http::Request& request) {
  auto header = request.find(beast_http::field::content_type);
  if (header == request.end()) return std::nullopt;
  std::string_view type = header->value();
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  for (std::string_view accepted :
       {"application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json"}) {
    if (type == accepted) return std::nullopt;
  }
  return SerializationError("Content-Type '" + std::string(type) +
                            "' is not JSON: AFD's API takes application/x-amz-json-1.1");
}

std::string NewRequestId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // A request id needs to be unique, not secret: fall back to a per-thread generator.
    thread_local std::mt19937_64 fallback{std::random_device{}()};
    for (auto& b : bytes) b = static_cast<unsigned char>(fallback());
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0F]);
  }
  return id;
}

http::Response AfdSuccess(const http::Request& request, const std::string& request_id,
                          std::string json) {
  http::Response response = TextResponse(request, 200, std::move(json), kContentType);
  response.set("x-amzn-RequestId", request_id);
  return response;
}

http::Response AfdFailure(const http::Request& request, const std::string& request_id,
                          const AfdError& error) {
  boost::json::object body{{"__type", error.type}, {"message", error.message}};
  http::Response response =
      TextResponse(request, error.status, json::Serialize(body), kContentType);
  response.set("x-amzn-RequestId", request_id);
  response.set("x-amzn-ErrorType", error.type);
  return response;
}

}  // namespace vigil::api::afd
