#include "cli/serve.h"

#include <signal.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>

#include "api/api.h"
#include "catalog/detector_document.h"
#include "cli/aggregate_rebuild.h"
#include "cli/apply_file.h"
#include "cli/dynamodb_sink_setup.h"
#include "cli/model_versions.h"
#include "cli/model_trainer.h"
#include "cli/train.h"
#include "cli/store_persistence.h"
#include "core/log.h"
#include "core/yaml.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace {

bool IsLoopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address.starts_with("127.");
}

int Die(const std::string& what, const Error& error) {
  log::Error(what, {{"error", error.message}, {"code", ErrorCodeName(error.code)}});
  return 1;
}

boost::json::object CertificateFields(const ServeConfig& config,
                                      const http::TlsCertificateInfo& certificate) {
  return {{"cert_file", config.tls_cert_file},
          {"subject", certificate.subject},
          {"not_after", certificate.not_after},
          {"sha256", certificate.sha256},
          {"client_certificates", config.tls_client_ca_file.empty() ? "not asked" : "required"}};
}

// SIGHUP: re-read the TLS files. A bad file leaves the certificate in use as it is.
void ReloadTls(http::Server& server, const ServeConfig& config) {
  if (config.tls_cert_file.empty()) {
    log::Info("SIGHUP: nothing to reload, TLS is not configured", {});
    return;
  }
  auto reloaded = server.ReloadTls();
  if (!reloaded) {
    const Error& error = reloaded.error();
    const std::string& file = error.field == "tls_key_file"         ? config.tls_key_file
                              : error.field == "tls_client_ca_file" ? config.tls_client_ca_file
                                                                    : config.tls_cert_file;
    log::Error("tls reload failed; still serving the previous certificate",
               {{"error", error.message}, {"option", error.field}, {"file", file}});
    return;
  }
  log::Info("tls certificate reloaded", CertificateFields(config, *reloaded));
}

}  // namespace

int RunServe(const ServeConfig& config) {
  log::SetLevel(config.log_level);
  // Signals are taken by sigwait below; block them before any thread starts. SIGHUP reloads the
  // TLS files.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  metrics::Registry metric_registry;
  api::ServiceMetrics metrics(metric_registry);

  store::StoreOptions store_options;
  store_options.directory = config.data_dir;
  store_options.durability =
      config.durability == "none" ? store::Durability::kNone : store::Durability::kSync;
  store_options.max_batch = static_cast<size_t>(config.max_batch);
  // The DynamoDB sink, when configured, is told of each commit (a flag and a wake-up: it reads
  // the committed records itself). It is stopped before the store closes and destroyed after.
  std::optional<sink::SinkMetrics> sink_metrics;
  std::unique_ptr<sink::DynamoDbSink> dynamodb_sink;
  std::atomic<sink::DynamoDbSink*> commit_listener{nullptr};
  store_options.on_commit = [&metrics, &commit_listener](size_t batch, int64_t micros) {
    metrics.ObserveCommit(batch, micros);
    if (auto* listener = commit_listener.load(std::memory_order_acquire)) listener->Notify();
  };
  auto store = store::OpenSqliteStore(store_options);
  if (!store) return Die("cannot open the store", store.error());
  if (!config.dynamodb_endpoint.empty()) {
    sink_metrics.emplace(metric_registry, SystemClock::Instance());
    dynamodb_sink = MakeDynamoDbSink(config, **store, *sink_metrics);
  }

  auto catalog = LoadCatalog(**store);
  if (!catalog) return Die("cannot load the catalog", catalog.error());
  auto snapshot = engine::Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(*catalog)));
  if (!snapshot) return Die("the stored catalog does not compile", snapshot.error());
  engine::Registry registry(std::move(*snapshot));
  StorePersistence persistence(**store);
  engine::CatalogService service(registry, persistence, SystemClock::Instance());
  // Aggregates live in memory: rebuilt from the stored events before the server listens, and
  // whenever an edit adds or changes one.
  store::Store& event_store = **store;
  auto fill = [&event_store](const engine::Snapshot& s, const std::vector<std::string>& types) {
    auto rebuilt = RebuildAggregates(event_store, s, types);
    if (!rebuilt) {
      log::Error("cannot rebuild the aggregates", {{"error", rebuilt.error().message}});
      return Status(std::unexpected(rebuilt.error()));
    }
    return Status();
  };
  service.SetAggregateFiller(fill);
  if (auto stale = registry.Current()->EventTypesNeedingRebuild(); !stale.empty()) {
    if (auto s = fill(*registry.Current(), stale); !s) return Die("cannot start", s.error());
  }
  for (const auto& path : config.apply) {
    if (auto s = ApplyFile(service, path); !s) return Die("cannot apply " + path, s.error());
  }

  auto stored_keys = LoadApiKeys(**store);
  if (!stored_keys) return Die("cannot load API keys", stored_keys.error());
  std::vector<api::ApiKey> keys = config.api_keys;
  keys.insert(keys.end(), stored_keys->begin(), stored_keys->end());
  if (auto s = api::CheckDistinctKeys(keys); !s) return Die("cannot load API keys", s.error());
  api::ApiOptions api_options;
  // POST /v1/models/{id}/training: the replay and the fit of `vigil train`, on the live store
  // (a scan reads a snapshot of its own; the serving windows are not touched).
  api_options.train = [&event_store](const api::TrainingRequest& request, catalog::CatalogPtr catalog,
                                     JobProgress& progress) -> Result<catalog::ModelVersion> {
    VIGIL_TRY(run, TrainRequest(event_store, std::move(catalog), request, DefaultTrainOptions(),
                                [&progress](std::string_view stage, int64_t done, int64_t total) {
                                  progress.Report(stage, done, total);
                                }));
    return TrainedVersion(run.trained, request.label_schema);
  };
  api_options.s3_root = config.s3_root.empty() ? config.data_dir + "/s3" : config.s3_root;
  api_options.default_detector = config.default_detector;
  api_options.cors_origins = config.cors_origins;
  api_options.require_keys = !keys.empty();
  api_options.access_log = config.access_log;
  api_options.rate_limit = api::RateLimit{config.rate_limit_rate, config.rate_limit_burst};
  if (keys.empty()) {
    if (!IsLoopback(config.address)) {
      return Die("refusing to serve", Error{ErrorCode::kInvalidArgument,
                                            "no API keys are configured and " + config.address +
                                                " is not a loopback address; create a key with "
                                                "`vigil keys create` or listen on 127.0.0.1", ""});
    }
    log::Warn("running without API keys: every endpoint is open to anyone on this machine",
              {{"address", config.address}});
  }
  boost::json::array key_limits;
  for (const auto& key : keys) {
    if (key.rate_limit) {
      key_limits.emplace_back(boost::json::object{{"key", key.name},
                                                  {"limit", api::RateLimitText(*key.rate_limit)}});
    }
  }
  log::Info("rate limits", {{"default", api::RateLimitText(api_options.rate_limit)},
                            {"per", api_options.require_keys ? "key" : "client address"},
                            {"keys", std::move(key_limits)}});
  api::Api api(api_options, registry, service, **store, SystemClock::Instance(), metrics,
               std::make_shared<api::KeyRing>(std::move(keys)));

  http::ServerOptions server_options;
  server_options.address = config.address;
  server_options.port = static_cast<uint16_t>(config.port);
  server_options.threads = config.threads;
  server_options.body_limit = static_cast<size_t>(config.body_limit);
  server_options.header_timeout = std::chrono::milliseconds(config.header_timeout_ms);
  server_options.body_timeout = std::chrono::milliseconds(config.body_timeout_ms);
  server_options.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
  server_options.max_connections = static_cast<size_t>(config.max_connections);
  server_options.shutdown_grace = std::chrono::milliseconds(config.shutdown_grace_ms);
  server_options.tls_cert_file = config.tls_cert_file;
  server_options.tls_key_file = config.tls_key_file;
  server_options.tls_client_ca_file = config.tls_client_ca_file;
  http::Server server(server_options,
                      [&api](http::Request&& request, const http::RequestInfo& info,
                             http::Responder responder) {
                        api.Handle(std::move(request), info, std::move(responder));
                      });
  // Read at scrape time. The registry outlives both, but no scrape can come once the server has
  // stopped.
  metric_registry.AddGaugeCallback(
      "vigil_http_open_connections", "Open client connections (at most max_connections)",
      [&server] { return static_cast<double>(server.active_connections()); });
  metric_registry.AddGaugeCallback(
      "vigil_store_healthy", "1 while the store's last write committed, 0 while it cannot write",
      [&store] { return (*store)->Healthy() ? 1.0 : 0.0; });
  auto port = server.Start();
  if (!port) {
    return Die(port.error().field.starts_with("tls_") ? "cannot serve HTTPS" : "cannot listen",
               port.error());
  }
  if (dynamodb_sink) {
    if (auto s = dynamodb_sink->Start(); !s) {
      server.Stop();
      return Die("cannot start the DynamoDB sink", s.error());
    }
    commit_listener.store(dynamodb_sink.get(), std::memory_order_release);
  }
  const auto certificate = server.tls_certificate();
  if (certificate) log::Info("tls certificate", CertificateFields(config, *certificate));
  log::Info("listening", {{"address", config.address},
                          {"port", *port},
                          {"scheme", certificate ? "https" : "http"},
                          {"data_dir", config.data_dir},
                          {"durability", config.durability},
                          {"detectors", registry.Current()->catalog().detectors.size()}});

  int signal_number = 0;
  for (;;) {
    sigwait(&signals, &signal_number);
    if (signal_number != SIGHUP) break;
    ReloadTls(server, config);
  }
  log::Info("stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.Stop();
  if (dynamodb_sink) dynamodb_sink->Stop();
  if (auto s = (*store)->Close(); !s) return Die("closing the store failed", s.error());
  log::Info("stopped", {});
  return 0;
}

}  // namespace vigil::cli
