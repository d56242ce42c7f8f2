// Configuration of `vigil serve`, from (in rising precedence) built-in defaults, a YAML file,
// VIGIL_* environment variables and command-line flags. Every option has one name used in all
// three places: `data_dir` in YAML, VIGIL_DATA_DIR in the environment, --data-dir as a flag.
// `vigil serve --help` lists them all with their defaults; docs/configuration.md explains them.
// In YAML a map names options by prefix: `rate_limit: {rate: 5}` is the option rate_limit_rate
// (VIGIL_RATE_LIMIT_RATE, --rate-limit-rate).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/api_keys.h"
#include "core/result.h"

namespace vigil::cli {

struct ServeConfig {
  std::string address = "127.0.0.1";   // listen address; 0.0.0.0 for every interface
  int port = 8080;                     // 0 picks a free port (printed in the log)
  int threads = 0;                     // HTTP threads; 0 = one per core
  std::string data_dir = "./data";     // embedded store directory
  std::string s3_root;                 // s3://bucket/key of AFD calls -> <s3_root>/bucket/key;
                                       // empty = <data_dir>/s3
  std::string durability = "sync";     // sync: fsync before answering; none: no fsync
  int max_batch = 512;                 // most records per group commit
  std::vector<std::string> apply;      // detector files applied at start
  std::string default_detector;        // used when a /detect body names none
  std::vector<std::string> cors_origins;  // browser origins allowed ("*" for any)
  int body_limit = 256 * 1024;         // bytes; AFD's limit
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;
  int max_connections = 10'000;
  int shutdown_grace_ms = 10'000;
  std::string log_level = "info";      // debug, info, warn, error
  bool access_log = true;              // one JSON line per request
  double rate_limit_rate = 0;          // requests/s per key (per client address without keys);
                                       // 0 = unlimited. YAML: rate_limit: {rate, burst}
  int rate_limit_burst = 0;            // requests at once; 0 = the rate rounded up (at least 1)
  std::string tls_cert_file;           // PEM certificate (chain after it); with tls_key_file the
                                       // listener speaks only HTTPS. YAML: tls: {cert_file, ...}
  std::string tls_key_file;            // PEM private key of the certificate (unencrypted)
  std::string tls_client_ca_file;      // PEM CAs signing the client certificates required
                                       // (mutual TLS); "" = none asked for
  // The DynamoDB sink (docs/dynamodb.md): off while dynamodb_endpoint is "". YAML: dynamodb:
  // {endpoint, table, ...}. Credentials fall back to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
  // and AWS_SESSION_TOKEN, the region to AWS_REGION.
  std::string dynamodb_endpoint;       // http(s)://host[:port] of a DynamoDB-API endpoint
  std::string dynamodb_table = "FraudDetectionResults";
  std::string dynamodb_region;         // "" = AWS_REGION, else us-east-1
  std::string dynamodb_access_key_id;
  std::string dynamodb_secret_access_key;
  std::string dynamodb_session_token;  // temporary credentials only
  bool dynamodb_create_table = false;  // create the table (key event_id) when missing
  int dynamodb_timeout_ms = 10'000;    // per call
  int dynamodb_max_backoff_ms = 10'000;  // longest wait between retries
  std::string dynamodb_ca_file;        // PEM CAs for an HTTPS endpoint; "" = the system's
  std::vector<api::ApiKey> api_keys;   // YAML only: [{name, key_sha256 | key, permissions,
                                       //              rate_limit: {rate, burst},
                                       //              access_key_id, secret_access_key}]
                                       // (an access key's secret is kept as it is: a config
                                       // file holding one must be mode 0600)
};

// Registers every option on `app` (as --flags) and, after app.parse(), Resolve() fills the
// config: defaults, then the YAML file named by --config or VIGIL_CONFIG, then VIGIL_* variables,
// then the flags that were given. Errors name the option and the source. tls_cert_file and
// tls_key_file must be set together (the files themselves are checked when the server starts).
class ServeConfigLoader {
 public:
  explicit ServeConfigLoader(CLI::App& app);
  Result<ServeConfig> Resolve() const;

 private:
  struct Option {
    std::string name;  // snake_case
    std::string help;
    std::function<Status(ServeConfig&, const std::string&)> set;  // from text
    std::string flag_value;
    CLI::Option* flag = nullptr;
  };
  std::vector<std::unique_ptr<Option>> options_;
  std::string config_path_;
};

}  // namespace vigil::cli
