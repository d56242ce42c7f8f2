#include "detect_request.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include "api/detect_request.h"

namespace vigil::loadgen {
namespace {

const Value* Field(const engine::EventInput& in, const std::string& name) {
  for (const auto& [key, value] : in.fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

TEST(DetectRequest, BodiesAreWhatVigilDecodesWithAFreshEventIdEach) {
  std::set<std::string> ids, accounts, addresses;
  for (uint64_t n = 1; n <= 6000; ++n) {
    const std::string body = DetectBody("o17-42", n);
    auto in = api::DecodeDetectBody(body);
    ASSERT_TRUE(in) << body << ": " << in.error().message;
    EXPECT_EQ(in->event_id, "o17-42-" + std::to_string(n));
    ids.insert(in->event_id);
    const Value* amount = Field(*in, "transaction_amount");
    const Value* ip = Field(*in, "ip_address");
    const Value* account = Field(*in, "account_id");
    ASSERT_TRUE(amount && ip && account) << body;
    accounts.insert(body.substr(body.find("acct_")));
    addresses.insert(body.substr(body.find("\"10.")));
  }
  EXPECT_EQ(ids.size(), 6000u);
  EXPECT_EQ(accounts.size(), 5000u);
  EXPECT_GT(addresses.size(), 5000u);
  // The amount of request 1234 is 1234.34, like detect.lua's.
  EXPECT_NE(DetectBody("p", 1234).find(R"("transaction_amount":1234.34)"), std::string::npos);
  EXPECT_NE(DetectBody("p", 15001).find(R"("transaction_amount":1.01)"), std::string::npos);
}

TEST(DetectRequest, PostRequestIsAKeepAliveHttp11PostOfTheBody) {
  const std::string body = DetectBody("x", 7);
  const std::string request = PostRequest("/detect", 18080, body);
  EXPECT_TRUE(request.starts_with("POST /detect HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n"));
  EXPECT_NE(request.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(request.find("onnection:"), std::string::npos);  // keep-alive is HTTP/1.1's default
  EXPECT_TRUE(request.ends_with("\r\n\r\n" + body));
}

TEST(DetectRequest, RunPrefixesDifferBetweenProcesses) {
  const std::string prefix = RunPrefix();
  EXPECT_TRUE(prefix.starts_with("o"));
  EXPECT_NE(prefix.find('-'), std::string::npos);
  EXPECT_TRUE(prefix.ends_with("-" + std::to_string(getpid())));
}

}  // namespace
}  // namespace vigil::loadgen
