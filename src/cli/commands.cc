#include "cli/commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/api_keys.h"
#include "catalog/detector_file.h"
#include "cli/http_client.h"
#include "cli/store_persistence.h"
#include "core/json.h"
#include "core/names.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

int Report(const Error& error) {
  std::cerr << "error: " << error.message << "\n";
  return 1;
}

// Prints a server reply: the body on success, the error message otherwise.
int Print(const HttpReply& reply) {
  if (reply.status >= 200 && reply.status < 300) {
    std::cout << reply.body;
    if (!reply.body.empty() && reply.body.back() != '\n') std::cout << "\n";
    return 0;
  }
  auto json = json::Parse(reply.body);
  if (json && json->is_object() && json->get_object().contains("error")) {
    const auto& e = json->get_object().at("error").get_object();
    std::cerr << "error (" << reply.status << "): " << e.at("message").get_string().c_str() << "\n";
  } else {
    std::cerr << "error (" << reply.status << "): " << reply.body << "\n";
  }
  return 1;
}

std::vector<std::pair<std::string, std::string>> Headers(const ServerFlags& flags,
                                                         const char* content_type) {
  std::vector<std::pair<std::string, std::string>> headers{{"content-type", content_type}};
  if (!flags.api_key.empty()) headers.emplace_back("x-api-key", flags.api_key);
  return headers;
}

Result<std::unique_ptr<store::Store>> OpenOffline(const std::string& data_dir) {
  store::StoreOptions options;
  options.directory = data_dir;
  return store::OpenSqliteStore(options);
}

// An access key's secret is stored as it is (verifying a signature needs it): say so when the
// data directory is open to other users.
void WarnIfReadableByOthers(const std::string& data_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::perms perms = fs::status(data_dir, error).permissions();
  if (error) return;
  if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
    std::cerr << "warning: " << data_dir
              << " is open to other users and now holds a usable secret; restrict it: chmod 700 "
              << data_dir << "\n";
  }
}

}  // namespace

int RunApply(const ServerFlags& flags, const std::string& file) {
  auto document = catalog::ReadDetectorFile(file);
  if (!document) return Report(document.error());
  auto reply = HttpCall(flags.server, "POST", "/v1/apply", boost::json::serialize(*document),
                        Headers(flags, "application/json"), flags.ca_file);
  if (!reply) return Report(reply.error());
  return Print(*reply);
}

int RunExport(const ServerFlags& flags, const std::string& detector_id, const std::string& format) {
  if (auto s = ValidateIdentifier(detector_id, "DETECTOR_ID"); !s) return Report(s.error());
  auto reply = HttpCall(
      flags.server, "GET",
      "/v1/detectors/" + detector_id + "/export" + (format == "json" ? "?format=json" : ""), "",
      Headers(flags, "application/json"), flags.ca_file);
  if (!reply) return Report(reply.error());
  return Print(*reply);
}

int RunKeysCreate(const KeyFlags& flags) {
  if (auto s = ValidateIdentifier(flags.name, "--name"); !s) return Report(s.error());
  auto permissions = api::ParsePermissions(flags.permissions);
  if (!permissions) return Report(permissions.error());
  auto store = OpenOffline(flags.data_dir);
  if (!store) return Report(store.error());
  auto existing = LoadApiKeys(**store);
  if (!existing) return Report(existing.error());
  for (const auto& key : *existing) {
    if (key.name == flags.name) {
      return Report(Error{ErrorCode::kAlreadyExists, "a key named '" + flags.name + "' exists", ""});
    }
  }
  std::optional<api::RateLimit> rate_limit;
  if (flags.burst && !flags.rate) {
    return Report(Error{ErrorCode::kInvalidArgument, "--burst needs --rate", "burst"});
  }
  if (flags.rate) {
    if (!(*flags.rate >= 0 && *flags.rate <= api::kMaxRateLimitRate)) {
      return Report(Error{ErrorCode::kInvalidArgument,
                          "--rate must be a number of requests per second from 0 (unlimited) "
                          "to 1e9",
                          "rate"});
    }
    if (flags.burst && (*flags.burst < 0 || *flags.burst > api::kMaxRateLimitBurst)) {
      return Report(Error{ErrorCode::kInvalidArgument,
                          "--burst must be a whole number from 0 to 1000000000", "burst"});
    }
    rate_limit = api::RateLimit{*flags.rate, flags.burst.value_or(0)};
  }
  api::ApiKey entry{flags.name, "", *permissions, rate_limit};
  std::string key;
  if (flags.aws) {
    auto access_key = api::GenerateAccessKey();
    if (!access_key) return Report(access_key.error());
    entry.access_key = *access_key;
  } else {
    auto generated = api::GenerateKey();
    if (!generated) return Report(generated.error());
    key = *generated;
    entry.sha256 = api::Sha256Hex(key);
  }
  auto s = (*store)->ApplyCatalog(
      {store::CatalogChange{kApiKeyKind, entry.name, boost::json::serialize(api::ToJson(entry))}});
  if (!s) return Report(s.error());
  (void)(*store)->Close();
  std::cerr << "created key '" << entry.name << "' (" << api::PermissionsText(entry.permissions)
            << (rate_limit ? ", rate limit " + api::RateLimitText(*rate_limit) : std::string())
            << (flags.aws ? "); its secret access key is shown once, keep it safe:\n"
                          : "); it is shown once, keep it safe:\n");
  if (flags.aws) {
    std::cout << "AWS_ACCESS_KEY_ID=" << entry.access_key->id << "\n"
              << "AWS_SECRET_ACCESS_KEY=" << entry.access_key->secret << "\n";
    WarnIfReadableByOthers(flags.data_dir);
  } else {
    std::cout << key << "\n";
  }
  return 0;
}

int RunKeysList(const KeyFlags& flags) {
  auto store = OpenOffline(flags.data_dir);
  if (!store) return Report(store.error());
  auto keys = LoadApiKeys(**store);
  if (!keys) return Report(keys.error());
  for (const auto& key : *keys) {
    // Never the secret access key.
    std::cout << key.name << "\t" << api::PermissionsText(key.permissions) << "\t"
              << (key.sha256.empty() ? std::string("-") : key.sha256.substr(0, 12) + "...") << "\t"
              << (key.rate_limit ? api::RateLimitText(*key.rate_limit) : std::string("default"))
              << "\t" << (key.access_key ? key.access_key->id : std::string("-")) << "\n";
  }
  return 0;
}

int RunKeysDelete(const KeyFlags& flags) {
  auto store = OpenOffline(flags.data_dir);
  if (!store) return Report(store.error());
  auto keys = LoadApiKeys(**store);
  if (!keys) return Report(keys.error());
  bool found = false;
  for (const auto& key : *keys) found = found || key.name == flags.name;
  if (!found) return Report(Error{ErrorCode::kNotFound, "no key named '" + flags.name + "'", ""});
  auto s = (*store)->ApplyCatalog({store::CatalogChange{kApiKeyKind, flags.name, std::nullopt}});
  if (!s) return Report(s.error());
  std::cerr << "deleted key '" << flags.name << "'\n";
  return 0;
}

int RunVerify(const std::string& data_dir) {
  auto store = OpenOffline(data_dir);
  if (!store) return Report(store.error());
  auto report = (*store)->VerifyChain();
  if (!report) return Report(report.error());
  if (report->ok()) {
    std::cout << "ok: " << report->records << " decision records, chain head seq "
              << report->head_seq << " hash " << report->head_hash << "\n";
    return 0;
  }
  std::cout << "BROKEN at seq " << *report->first_bad_seq << ": " << report->problem << "\n";
  return 2;
}

}  // namespace vigil::cli
