#include "api/afd/afd_authenticator.h"

#include "api/afd/operation_permissions.h"
#include "api/afd/sigv4.h"

namespace vigil::api::afd {

namespace {

SignedRequest ToSignedRequest(const http::Request& request) {
  SignedRequest out;
  out.method = std::string(request.method_string());
  std::string_view target = request.target();
  if (auto q = target.find('?'); q != std::string_view::npos) {
    out.query = std::string(target.substr(q + 1));
    target = target.substr(0, q);
  }
  out.path = std::string(target);
  for (const auto& field : request) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = request.body();
  return out;
}

}  // namespace

std::expected<const ApiKey*, AfdError> AuthenticateAfd(const http::Request& request,
                                                       std::string_view operation,
                                                       const KeyRing& keys, int64_t now_micros) {
  const SecretLookup secrets = [&keys](const std::string& id) -> std::optional<std::string> {
    const ApiKey* key = keys.FindAccessKey(id);
    if (key == nullptr) return std::nullopt;
    return key->access_key->secret;
  };
  auto verified = Verify(ToSignedRequest(request), secrets, now_micros);
  // Verify's error field is the AFD error type (sigv4.h).
  if (!verified) return std::unexpected(AfdError{verified.error().field, verified.error().message});
  const ApiKey* key = keys.FindAccessKey(verified->access_key_id);
  const uint8_t needed = PermissionsFor(operation);
  if ((key->permissions & needed) == 0) {
    std::string permissions = PermissionsText(needed);
    if (auto comma = permissions.find(','); comma != std::string::npos) {
      permissions.replace(comma, 1, " or ");
    }
    return std::unexpected(AfdError{"AccessDeniedException",
                                    "User: " + key->name + " is not authorized to perform: " +
                                        "frauddetector:" + std::string(operation) +
                                        " (it needs the key's " + permissions + " permission)"});
  }
  return key;
}

}  // namespace vigil::api::afd
