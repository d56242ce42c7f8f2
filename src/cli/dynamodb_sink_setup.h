// Builds the DynamoDB sink of `vigil serve` from its config: the client over HttpExchange
// (cli/http_client.h), the signing credentials and the retry options.
#pragma once

#include <memory>

#include "cli/serve_config.h"
#include "sink/dynamodb_sink.h"

namespace vigil::cli {

// The sink configured by `config` (not started), or nullptr when dynamodb_endpoint is empty.
// `store` and `metrics` must outlive it.
std::unique_ptr<sink::DynamoDbSink> MakeDynamoDbSink(const ServeConfig& config,
                                                     store::Store& store,
                                                     sink::SinkMetrics& metrics);

}  // namespace vigil::cli
