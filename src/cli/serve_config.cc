#include "cli/serve_config.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json.h"
#include "core/yaml.h"

namespace vigil::cli {

namespace bj = boost::json;

namespace {

std::string EnvName(const std::string& name) {
  std::string out = "VIGIL_";
  for (char c : name) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

std::string FlagName(const std::string& name) {
  std::string out = "--";
  for (char c : name) out += c == '_' ? '-' : c;
  return out;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Status Bad(const std::string& name, const std::string& why) {
  return Fail(ErrorCode::kInvalidArgument, name + ": " + why, name);
}

// Setters from text, one per option type.
auto Text(std::string ServeConfig::*field) {
  return [field](ServeConfig& c, const std::string& v) -> Status {
    c.*field = v;
    return {};
  };
}
auto Number(int ServeConfig::*field, int min, int max, std::string name) {
  return [=](ServeConfig& c, const std::string& v) -> Status {
    auto n = CoerceText(v, DataType::kInteger);
    if (!n || n->integer() < min || n->integer() > max) {
      return Bad(name, "must be a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", not '" + v + "'");
    }
    c.*field = static_cast<int>(n->integer());
    return {};
  };
}
auto Decimal(double ServeConfig::*field, double min, double max, std::string name) {
  return [=](ServeConfig& c, const std::string& v) -> Status {
    auto n = CoerceText(v, DataType::kFloat);
    if (!n || !(n->number() >= min && n->number() <= max)) {
      char range[64];
      std::snprintf(range, sizeof range, "%g to %g", min, max);
      return Bad(name, "must be a number from " + std::string(range) + ", not '" + v + "'");
    }
    c.*field = n->number();
    return {};
  };
}
auto Flag(bool ServeConfig::*field, std::string name) {
  return [=](ServeConfig& c, const std::string& v) -> Status {
    auto b = CoerceText(v, DataType::kBoolean);
    if (!b) return Bad(name, "must be true or false, not '" + v + "'");
    c.*field = b->boolean();
    return {};
  };
}
auto Strings(std::vector<std::string> ServeConfig::*field) {
  return [field](ServeConfig& c, const std::string& v) -> Status {
    c.*field = SplitCommas(v);
    return {};
  };
}
auto OneOf(std::string ServeConfig::*field, std::vector<std::string> allowed, std::string name) {
  return [=](ServeConfig& c, const std::string& v) -> Status {
    for (const auto& a : allowed) {
      if (a == v) {
        c.*field = v;
        return {};
      }
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Bad(name, "must be one of " + list + ", not '" + v + "'");
  };
}

// A YAML value as the text a flag would carry (lists joined with commas).
Result<std::string> AsText(const bj::value& v, const std::string& name) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v.get_array()) {
      if (!e.is_string()) return Fail(ErrorCode::kInvalidArgument, name + ": list entries must be strings", name);
      out += (out.empty() ? "" : ",") + std::string(e.get_string());
    }
    return out;
  }
  if (v.is_object()) return Fail(ErrorCode::kInvalidArgument, name + ": must not be a map", name);
  return bj::serialize(v);
}

// The sink's AWS fallbacks (the variables every AWS SDK reads), then its checks.
Status ResolveDynamoDb(ServeConfig& config) {
  if (config.dynamodb_endpoint.empty()) return {};
  const auto fallback = [](std::string& field, const char* variable) {
    if (const char* env = std::getenv(variable); field.empty() && env != nullptr) field = env;
  };
  fallback(config.dynamodb_region, "AWS_REGION");
  fallback(config.dynamodb_access_key_id, "AWS_ACCESS_KEY_ID");
  fallback(config.dynamodb_secret_access_key, "AWS_SECRET_ACCESS_KEY");
  fallback(config.dynamodb_session_token, "AWS_SESSION_TOKEN");
  if (config.dynamodb_region.empty()) config.dynamodb_region = "us-east-1";
  const std::string& endpoint = config.dynamodb_endpoint;
  if ((!endpoint.starts_with("http://") && !endpoint.starts_with("https://")) ||
      endpoint.find_first_of(" \t\r\n") != std::string::npos) {
    return Bad("dynamodb_endpoint", "must be a URL http://host[:port] or https://host[:port], not '" +
                                        endpoint + "'");
  }
  if (config.dynamodb_table.empty()) return Bad("dynamodb_table", "must not be empty");
  if (config.dynamodb_access_key_id.empty() || config.dynamodb_secret_access_key.empty()) {
    const char* missing = config.dynamodb_access_key_id.empty() ? "dynamodb_access_key_id"
                                                                : "dynamodb_secret_access_key";
    return Bad(missing, std::string("is not set (nor ") +
                            (config.dynamodb_access_key_id.empty() ? "AWS_ACCESS_KEY_ID"
                                                                   : "AWS_SECRET_ACCESS_KEY") +
                            "): the DynamoDB sink signs every call");
  }
  return {};
}

}  // namespace

ServeConfigLoader::ServeConfigLoader(CLI::App& app) {
  const ServeConfig d;
  auto add = [&](std::string name, std::string help, std::string def,
                 std::function<Status(ServeConfig&, const std::string&)> set) {
    auto option = std::make_unique<Option>();
    option->name = name;
    option->help = help;
    option->set = std::move(set);
    option->flag = app.add_option(FlagName(name), option->flag_value,
                                  help + " [env " + EnvName(name) + "]")
                       ->default_str(def);
    options_.push_back(std::move(option));
  };
  app.add_option("--config", config_path_, "YAML configuration file [env VIGIL_CONFIG]");
  add("address", "Listen address (0.0.0.0 for all interfaces)", d.address, Text(&ServeConfig::address));
  add("port", "Listen port (0 picks a free one)", std::to_string(d.port),
      Number(&ServeConfig::port, 0, 65535, "port"));
  add("threads", "HTTP worker threads (0 = one per core)", "0",
      Number(&ServeConfig::threads, 0, 256, "threads"));
  add("data_dir", "Directory of the embedded store", d.data_dir, Text(&ServeConfig::data_dir));
  add("s3_root",
      "Directory that AFD calls' s3://bucket/key locations map to, as <dir>/bucket/key "
      "(default: <data_dir>/s3)",
      "", Text(&ServeConfig::s3_root));
  add("durability", "sync: fsync each batch before answering; none: no fsync (throwaway runs)",
      d.durability, OneOf(&ServeConfig::durability, {"sync", "none"}, "durability"));
  add("max_batch", "Most records per group commit", std::to_string(d.max_batch),
      Number(&ServeConfig::max_batch, 1, 100'000, "max_batch"));
  add("apply", "Detector files to apply at start (comma-separated)", "", Strings(&ServeConfig::apply));
  add("default_detector", "Detector for /detect bodies that name none (default: the only one)", "",
      Text(&ServeConfig::default_detector));
  add("cors_origins", "Browser origins allowed to call the API, comma-separated (* for any)", "",
      Strings(&ServeConfig::cors_origins));
  add("body_limit", "Largest request body in bytes", std::to_string(d.body_limit),
      Number(&ServeConfig::body_limit, 1024, 64 << 20, "body_limit"));
  add("header_timeout_ms", "Time allowed to send a request's headers", std::to_string(d.header_timeout_ms),
      Number(&ServeConfig::header_timeout_ms, 1, 3'600'000, "header_timeout_ms"));
  add("body_timeout_ms", "Time allowed to send a request's body", std::to_string(d.body_timeout_ms),
      Number(&ServeConfig::body_timeout_ms, 1, 3'600'000, "body_timeout_ms"));
  add("idle_timeout_ms", "Keep-alive idle time before a connection is closed",
      std::to_string(d.idle_timeout_ms), Number(&ServeConfig::idle_timeout_ms, 1, 3'600'000, "idle_timeout_ms"));
  add("max_connections", "Open connections at most", std::to_string(d.max_connections),
      Number(&ServeConfig::max_connections, 1, 1'000'000, "max_connections"));
  add("shutdown_grace_ms", "On SIGTERM, time in-flight requests get to finish",
      std::to_string(d.shutdown_grace_ms), Number(&ServeConfig::shutdown_grace_ms, 0, 600'000, "shutdown_grace_ms"));
  add("tls_cert_file",
      "PEM certificate file (its chain after it); with --tls-key-file the server speaks only HTTPS",
      "", Text(&ServeConfig::tls_cert_file));
  add("tls_key_file", "PEM private key file of the certificate (unencrypted)", "",
      Text(&ServeConfig::tls_key_file));
  add("tls_client_ca_file",
      "PEM file of the CAs whose client certificates are required (mutual TLS; optional)", "",
      Text(&ServeConfig::tls_client_ca_file));
  add("log_level", "debug, info, warn or error", d.log_level,
      OneOf(&ServeConfig::log_level, {"debug", "info", "warn", "error"}, "log_level"));
  add("access_log", "Write one JSON log line per request", "true", Flag(&ServeConfig::access_log, "access_log"));
  add("rate_limit_rate",
      "Requests per second allowed to each API key without a limit of its own (to each client "
      "address without keys); 0 = unlimited",
      "0", Decimal(&ServeConfig::rate_limit_rate, 0, api::kMaxRateLimitRate, "rate_limit_rate"));
  add("rate_limit_burst", "Requests allowed at once by the rate limit (0 = the rate, at least 1)",
      "0", Number(&ServeConfig::rate_limit_burst, 0, 1'000'000'000, "rate_limit_burst"));
  add("dynamodb_endpoint",
      "Also write each decision to this DynamoDB-API endpoint (http(s)://host[:port]); off when empty",
      "", Text(&ServeConfig::dynamodb_endpoint));
  add("dynamodb_table", "DynamoDB table of the decisions (key event_id)", d.dynamodb_table,
      Text(&ServeConfig::dynamodb_table));
  add("dynamodb_region", "AWS region of the table (default: AWS_REGION, else us-east-1)", "",
      Text(&ServeConfig::dynamodb_region));
  add("dynamodb_access_key_id", "Access key id for the table (default: AWS_ACCESS_KEY_ID)", "",
      Text(&ServeConfig::dynamodb_access_key_id));
  add("dynamodb_secret_access_key",
      "Secret access key for the table (default: AWS_SECRET_ACCESS_KEY)", "",
      Text(&ServeConfig::dynamodb_secret_access_key));
  add("dynamodb_session_token", "Session token of temporary credentials (default: AWS_SESSION_TOKEN)",
      "", Text(&ServeConfig::dynamodb_session_token));
  add("dynamodb_create_table", "Create the table when it is missing", "false",
      Flag(&ServeConfig::dynamodb_create_table, "dynamodb_create_table"));
  add("dynamodb_timeout_ms", "Time allowed to one DynamoDB call", std::to_string(d.dynamodb_timeout_ms),
      Number(&ServeConfig::dynamodb_timeout_ms, 1, 600'000, "dynamodb_timeout_ms"));
  add("dynamodb_max_backoff_ms", "Longest wait between retries of a failed DynamoDB call",
      std::to_string(d.dynamodb_max_backoff_ms),
      Number(&ServeConfig::dynamodb_max_backoff_ms, 1, 3'600'000, "dynamodb_max_backoff_ms"));
  add("dynamodb_ca_file", "PEM CAs for an HTTPS DynamoDB endpoint (default: the system's)", "",
      Text(&ServeConfig::dynamodb_ca_file));
}

Result<ServeConfig> ServeConfigLoader::Resolve() const {
  ServeConfig config;
  std::string path = config_path_;
  if (path.empty()) {
    if (const char* env = std::getenv("VIGIL_CONFIG")) path = env;
  }
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return Fail(ErrorCode::kInvalidArgument, "cannot read config file " + path, "config");
    std::stringstream text;
    text << in.rdbuf();
    auto yaml = YamlToJson(text.str());
    if (!yaml) return Fail(ErrorCode::kInvalidArgument, path + ": " + yaml.error().message, "config");
    if (!yaml->is_object() && !yaml->is_null()) {
      return Fail(ErrorCode::kInvalidArgument, path + ": the config file must be a map", "config");
    }
    if (yaml->is_object()) {
      for (const auto& kv : yaml->get_object()) {
        const std::string key(kv.key());
        if (key == "api_keys") {
          if (!kv.value().is_array()) {
            return Fail(ErrorCode::kInvalidArgument, path + ": api_keys must be a list", "api_keys");
          }
          for (const auto& entry : kv.value().get_array()) {
            auto key_entry = api::ApiKeyFromJson(entry);
            if (!key_entry) {
              return Fail(ErrorCode::kInvalidArgument, path + ": api_keys: " + key_entry.error().message,
                          "api_keys");
            }
            config.api_keys.push_back(std::move(*key_entry));
          }
          continue;
        }
        // A map names options by prefix: rate_limit: {rate: 5} is rate_limit_rate.
        std::vector<std::pair<std::string, const bj::value*>> entries;
        if (kv.value().is_object()) {
          for (const auto& member : kv.value().get_object()) {
            entries.emplace_back(key + "_" + std::string(member.key()), &member.value());
          }
        } else {
          entries.emplace_back(key, &kv.value());
        }
        for (const auto& [name, value] : entries) {
          auto option = std::find_if(options_.begin(), options_.end(),
                                     [&](const auto& o) { return o->name == name; });
          if (option == options_.end()) {
            return Fail(ErrorCode::kInvalidArgument, path + ": unknown option '" + name + "'",
                        name);
          }
          VIGIL_TRY(text_value, AsText(*value, name));
          if (auto s = (*option)->set(config, text_value); !s) {
            return Fail(ErrorCode::kInvalidArgument, path + ": " + s.error().message, name);
          }
        }
      }
    }
  }
  for (const auto& option : options_) {
    if (const char* env = std::getenv(EnvName(option->name).c_str())) {
      if (auto s = option->set(config, env); !s) {
        return Fail(ErrorCode::kInvalidArgument, EnvName(option->name) + ": " + s.error().message,
                    option->name);
      }
    }
  }
  for (const auto& option : options_) {
    if (option->flag->count() > 0) {
      if (auto s = option->set(config, option->flag_value); !s) {
        return Fail(ErrorCode::kInvalidArgument, FlagName(option->name) + ": " + s.error().message,
                    option->name);
      }
    }
  }
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    const char* missing = config.tls_cert_file.empty() ? "tls_cert_file" : "tls_key_file";
    return Fail(ErrorCode::kInvalidArgument,
                std::string(missing) +
                    " is not set: HTTPS needs both tls_cert_file and tls_key_file (set neither "
                    "for plain HTTP)",
                missing);
  }
  if (!config.tls_client_ca_file.empty() && config.tls_cert_file.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "tls_client_ca_file needs HTTPS: set tls_cert_file and tls_key_file too",
                "tls_client_ca_file");
  }
  VIGIL_CHECK(ResolveDynamoDb(config));
  return config;
}

}  // namespace vigil::cli
