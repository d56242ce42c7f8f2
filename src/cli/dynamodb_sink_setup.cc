#include "cli/dynamodb_sink_setup.h"

#include <memory>
#include <mutex>

#include "cli/http_client.h"

namespace vigil::cli {

std::unique_ptr<sink::DynamoDbSink> MakeDynamoDbSink(const ServeConfig& config,
                                                     store::Store& store,
                                                     sink::SinkMetrics& metrics) {
  if (config.dynamodb_endpoint.empty()) return nullptr;
  sink::DynamoDbTable table;
  table.endpoint = config.dynamodb_endpoint;
  table.table = config.dynamodb_table;
  table.region = config.dynamodb_region;
  table.credentials = {config.dynamodb_access_key_id, config.dynamodb_secret_access_key,
                       config.dynamodb_session_token};
  const HttpCallOptions http{config.dynamodb_ca_file,
                             std::chrono::milliseconds(config.dynamodb_timeout_ms)};
  // One kept-alive connection for every call (a put by key may safely arrive twice).
  struct Connection {
    Connection(const std::string& server, const HttpCallOptions& options)
        : session(server, options) {}
    std::mutex mutex;
    HttpSession session;
  };
  auto connection = std::make_shared<Connection>(config.dynamodb_endpoint, http);
  sink::HttpPost post = [connection](const sink::HttpPostRequest& request)
      -> Result<sink::HttpPostReply> {
    std::lock_guard lock(connection->mutex);
    VIGIL_TRY(reply, connection->session.Exchange("POST", "/", request.body, request.headers));
    return sink::HttpPostReply{reply.status, std::move(reply.body)};
  };
  sink::DynamoDbSinkOptions options;
  options.create_table = config.dynamodb_create_table;
  options.max_backoff = std::chrono::milliseconds(config.dynamodb_max_backoff_ms);
  options.min_backoff = std::min(options.min_backoff, options.max_backoff);
  return std::make_unique<sink::DynamoDbSink>(
      options, sink::DynamoDbClient(std::move(table), std::move(post), SystemClock::Instance()),
      store, metrics, SystemClock::Instance());
}

}  // namespace vigil::cli
