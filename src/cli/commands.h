// The client-side subcommands: they talk to a running server over HTTP (apply, export) or open
// a stopped server's data directory (keys, verify).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::cli {

struct ServerFlags {
  std::string server = "http://127.0.0.1:8080";  // [env VIGIL_SERVER]
  std::string api_key;                           // [env VIGIL_API_KEY]
  std::string ca_file;  // CAs to trust for an https:// server; "" = the system's [env VIGIL_CACERT]
};

int RunApply(const ServerFlags& flags, const std::string& file);
int RunExport(const ServerFlags& flags, const std::string& detector_id, const std::string& format);

struct KeyFlags {
  std::string data_dir = "./data";
  std::string name;
  std::string permissions;
  // keys create: the key's own rate limit (requests per second, burst); unset = the server's
  // default limit. A rate of 0 makes the key unlimited.
  std::optional<double> rate;
  std::optional<int64_t> burst;
  // keys create: an AWS-style access key (id and secret) for AFD's JSON API instead of an
  // x-api-key key. Default: false.
  bool aws = false;
};
int RunKeysCreate(const KeyFlags& flags);
int RunKeysList(const KeyFlags& flags);
int RunKeysDelete(const KeyFlags& flags);

// Walks the decision records' hash chain of a data directory and reports whether it holds.
int RunVerify(const std::string& data_dir);

}  // namespace vigil::cli
