// The two DynamoDB API calls the sink makes (BatchWriteItem, CreateTable), as JSON 1.0 requests
// signed with SigV4 (service "dynamodb"), for AWS DynamoDB and compatible stores (ScyllaDB
// Alternator, dynalite). The HTTP exchange itself is the caller's `HttpPost`, so this file knows
// the API and not the network.
//
// Thread-safety: const methods; safe to call concurrently when `post` is.
#pragma once

#include <boost/json.hpp>
#include <expected>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sink/aws_sigv4_sign.h"

namespace vigil::sink {

// One POST of `body` with `headers` to the endpoint's path "/"; any HTTP status is a reply. A
// transport failure (refused, reset, timed out, TLS) is an error.
struct HttpPostRequest {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct HttpPostReply {
  unsigned status = 0;
  std::string body;
};
using HttpPost = std::function<Result<HttpPostReply>(const HttpPostRequest&)>;

struct DynamoDbTable {
  std::string endpoint;  // "http://127.0.0.1:4567", "https://dynamodb.us-east-1.amazonaws.com"
  std::string table;     // "FraudDetectionResults"
  std::string region;    // "us-east-1"
  AwsCredentials credentials;
};

// Why a call failed. `kind` is low-cardinality, for a metric label: "unreachable" (no HTTP
// reply), the exception name DynamoDB returned ("ProvisionedThroughputExceededException",
// "ResourceNotFoundException", ...), "http_<status>" for an error reply without one, or
// "bad_reply" for a success reply that is not what the API promises.
struct DynamoDbError {
  std::string kind;
  std::string message;
};
template <typename T>
using DynamoDbResult = std::expected<T, DynamoDbError>;

// "host[:port]" of an endpoint URL: the Host header sent and signed.
std::string HostOfEndpoint(const std::string& endpoint);

class DynamoDbClient {
 public:
  // `clock` (not owned) dates the signatures; it must outlive the client.
  DynamoDbClient(DynamoDbTable table, HttpPost post, const Clock& clock);

  // PutRequests of `items` (at most 25, distinct keys, as BatchWriteItem allows). Returns the
  // items DynamoDB left unprocessed (to send again), empty when all were written.
  DynamoDbResult<std::vector<boost::json::object>> BatchWrite(
      const std::vector<boost::json::object>& items) const;

  // Creates the table with key `event_id` (S), on-demand billing; a table that exists already is
  // success (its key schema is not checked).
  DynamoDbResult<void> CreateTable() const;

  const DynamoDbTable& table() const { return table_; }

 private:
  DynamoDbResult<boost::json::value> Call(const std::string& operation,
                                          const std::string& body) const;

  DynamoDbTable table_;
  std::string host_;
  HttpPost post_;
  const Clock& clock_;
};

}  // namespace vigil::sink
