#include "sink/dynamodb_client.h"

#include "core/json.h"

namespace vigil::sink {

namespace bj = boost::json;

namespace {

// "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" → "ResourceNotFoundException".
std::string ExceptionName(const bj::value& reply) {
  if (!reply.is_object()) return "";
  const auto* type = reply.get_object().if_contains("__type");
  if (type == nullptr || !type->is_string()) return "";
  std::string name(type->get_string());
  if (const size_t hash = name.rfind('#'); hash != std::string::npos) name.erase(0, hash + 1);
  return name;
}

std::string MessageOf(const bj::value& reply, const std::string& body) {
  if (reply.is_object()) {
    for (const char* key : {"message", "Message"}) {
      if (const auto* m = reply.get_object().if_contains(key); m != nullptr && m->is_string()) {
        return std::string(m->get_string());
      }
    }
  }
  return body.substr(0, 200);
}

}  // namespace

std::string HostOfEndpoint(const std::string& endpoint) {
  std::string host = endpoint;
  if (const size_t scheme = host.find("://"); scheme != std::string::npos) host.erase(0, scheme + 3);
  if (const size_t slash = host.find('/'); slash != std::string::npos) host.erase(slash);
  return host;
}

DynamoDbClient::DynamoDbClient(DynamoDbTable table, HttpPost post, const Clock& clock)
    : table_(std::move(table)),
      host_(HostOfEndpoint(table_.endpoint)),
      post_(std::move(post)),
      clock_(clock) {}

DynamoDbResult<bj::value> DynamoDbClient::Call(const std::string& operation,
                                               const std::string& body) const {
  const std::string amz_date = AmzDate(clock_.NowMicros());
  RequestToSign request;
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"Host", host_},
                     {"X-Amz-Date", amz_date},
                     {"X-Amz-Target", "DynamoDB_20120810." + operation}};
  if (!table_.credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", table_.credentials.session_token);
  }
  request.body = body;
  const std::string authorization =
      AuthorizationHeader(request, table_.credentials, {table_.region, "dynamodb"}, amz_date);
  HttpPostRequest post{std::move(request.headers), std::move(request.body)};
  post.headers.emplace_back("Authorization", authorization);
  auto reply = post_(post);
  if (!reply) return std::unexpected(DynamoDbError{"unreachable", reply.error().message});
  auto parsed = json::Parse(reply->body);
  const bj::value document = parsed ? std::move(*parsed) : bj::value();
  if (reply->status != 200) {
    std::string kind = ExceptionName(document);
    if (kind.empty()) kind = "http_" + std::to_string(reply->status);
    return std::unexpected(DynamoDbError{kind, operation + ": " + MessageOf(document, reply->body)});
  }
  if (!document.is_object()) {
    return std::unexpected(
        DynamoDbError{"bad_reply", operation + ": the reply is not a JSON object"});
  }
  return document;
}

DynamoDbResult<std::vector<bj::object>> DynamoDbClient::BatchWrite(
    const std::vector<bj::object>& items) const {
  bj::array requests;
  for (const auto& item : items) requests.emplace_back(bj::object{{"PutRequest", {{"Item", item}}}});
  bj::object body{{"RequestItems", {{table_.table, std::move(requests)}}}};
  auto reply = Call("BatchWriteItem", bj::serialize(body));
  if (!reply) return std::unexpected(reply.error());
  std::vector<bj::object> unprocessed;
  const auto* pending = reply->get_object().if_contains("UnprocessedItems");
  if (pending == nullptr || !pending->is_object()) return unprocessed;
  const auto* ours = pending->get_object().if_contains(table_.table);
  if (ours == nullptr) return unprocessed;
  const auto bad = [] {
    return std::unexpected(DynamoDbError{"bad_reply", "BatchWriteItem: malformed UnprocessedItems"});
  };
  if (!ours->is_array()) return bad();
  for (const auto& request : ours->get_array()) {
    const auto* put = request.is_object() ? request.get_object().if_contains("PutRequest") : nullptr;
    const auto* item =
        put != nullptr && put->is_object() ? put->get_object().if_contains("Item") : nullptr;
    if (item == nullptr || !item->is_object()) return bad();
    unprocessed.push_back(item->get_object());
  }
  return unprocessed;
}

DynamoDbResult<void> DynamoDbClient::CreateTable() const {
  const bj::object body{
      {"TableName", table_.table},
      {"AttributeDefinitions", bj::array{bj::object{{"AttributeName", "event_id"},
                                                    {"AttributeType", "S"}}}},
      {"KeySchema", bj::array{bj::object{{"AttributeName", "event_id"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"}};
  auto reply = Call("CreateTable", bj::serialize(body));
  if (!reply && reply.error().kind != "ResourceInUseException") {
    return std::unexpected(reply.error());
  }
  return {};
}

}  // namespace vigil::sink
