// The HTTP server over TLS: round trips and keep-alive, the TLS policy, and the limits and
// timeouts of plain HTTP holding for HTTPS too (handshake and header timeouts, 413 and close,
// write timeout, graceful stop), with a real OpenSSL client and certificates made in the test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <vector>

#include "api/http/http_server.h"
#include "api/http/test_client.h"
#include "api/http/tls_test_support.h"

namespace vigil::http {
namespace {

using namespace http_test;
namespace beast_http = boost::beast::http;

// A CA, a server certificate it signed, and a client context trusting the CA.
class HttpTlsTest : public ::testing::Test {
 protected:
  ServerOptions Options() const { return WithTls(TestOptions(), dir_, server_cert_); }

  TempDir dir_;
  TestCertificate ca_ = MakeCertificate("Vigil test CA", nullptr, /*is_ca=*/true);
  TestCertificate server_cert_ = MakeCertificate("127.0.0.1", &ca_);
  ClientContext client_ = MakeClientContext(ca_);
};

// Answers "ok #<connection id>" and counts calls.
struct CountingHandler {
  std::atomic<int> calls{0};
  Handler handler() {
    return [this](Request&& request, const RequestInfo& info, Responder responder) {
      ++calls;
      responder.Send(TextResponse(std::string(request.target()) + " " + request.body() + " #" +
                                  std::to_string(info.connection_id) + " " + info.remote_address));
    };
  }
};

TEST_F(HttpTlsTest, RoundTripAndKeepAliveOverTls) {
  CountingHandler counting;
  RunningServer running(Options(), counting.handler());
  ASSERT_NE(running.port, 0);
  ASSERT_TRUE(running.server->tls_certificate());
  EXPECT_EQ(running.server->tls_certificate()->sha256, server_cert_.sha256);
  EXPECT_EQ(running.server->tls_certificate()->subject, "CN=127.0.0.1,O=Vigil tests");

  TestClient client(running.port, client_.get());
  ASSERT_TRUE(client.connected());
  EXPECT_EQ(client.PeerSha256(), server_cert_.sha256);
  EXPECT_EQ(client.Protocol(), "TLSv1.3");
  ASSERT_TRUE(client.Send(RequestText("POST", "/detect", R"({"a":1})")));
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->result_int(), 200);
  EXPECT_TRUE(first->keep_alive());
  EXPECT_TRUE(first->body().starts_with(R"(/detect {"a":1} #)")) << first->body();
  EXPECT_TRUE(first->body().ends_with(" 127.0.0.1")) << first->body();

  // Same connection, same id; then two pipelined requests in one TLS write.
  ASSERT_TRUE(client.Send(RequestText("GET", "/second")));
  auto second = client.Read();
  ASSERT_TRUE(second);
  const std::string id = first->body().substr(first->body().find('#'));
  EXPECT_EQ(second->body(), "/second  " + id);
  ASSERT_TRUE(client.Send(RequestText("GET", "/a") + RequestText("GET", "/b")));
  auto a = client.Read();
  auto b = client.Read();
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->body().starts_with("/a "));
  EXPECT_TRUE(b->body().starts_with("/b "));
  EXPECT_EQ(counting.calls.load(), 4);
  EXPECT_EQ(running.server->active_connections(), 1u);
}

TEST_F(HttpTlsTest, LargeBodiesCrossManyTlsRecordsBothWays) {
  ServerOptions options = Options();
  options.body_limit = 1 << 20;
  RunningServer running(options, [](Request&& request, const RequestInfo&, Responder responder) {
    responder.Send(TextResponse(request.body() + request.body()));
  });
  TestClient client(running.port, client_.get());
  ASSERT_TRUE(client.connected());
  std::string body(300'000, 'x');
  for (size_t i = 0; i < body.size(); i += 1000) body[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(client.Send(RequestText("POST", "/", body)));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), body + body);
}

TEST_F(HttpTlsTest, Tls12WorksWithModernCiphersOnly) {
  CountingHandler counting;
  RunningServer running(Options(), counting.handler());
  ClientContext tls12 = MakeClientContext(ca_);
  SSL_CTX_set_max_proto_version(tls12.get(), TLS1_2_VERSION);
  TestClient modern(running.port, tls12.get());
  ASSERT_TRUE(modern.connected());
  EXPECT_EQ(modern.Protocol(), "TLSv1.2");
  EXPECT_EQ(modern.Cipher(), "ECDHE-ECDSA-AES128-GCM-SHA256");
  ASSERT_TRUE(modern.Send(RequestText("GET", "/")));
  ASSERT_TRUE(modern.Read());

  // A CBC suite OpenSSL would otherwise accept, and a protocol older than TLS 1.2, are refused.
  ClientContext cbc = MakeClientContext(ca_);
  SSL_CTX_set_max_proto_version(cbc.get(), TLS1_2_VERSION);
  ASSERT_EQ(SSL_CTX_set_cipher_list(cbc.get(), "ECDHE-ECDSA-AES128-SHA256"), 1);
  EXPECT_FALSE(TestClient(running.port, cbc.get()).connected());
  ClientContext old = MakeClientContext(ca_);
  SSL_CTX_set_security_level(old.get(), 0);
  SSL_CTX_set_min_proto_version(old.get(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(old.get(), TLS1_1_VERSION);
  EXPECT_FALSE(TestClient(running.port, old.get()).connected());
}

TEST_F(HttpTlsTest, ClientThatDistrustsTheCertificateFailsAndTheServerGoesOn) {
  CountingHandler counting;
  RunningServer running(Options(), counting.handler());
  TestCertificate other_ca = MakeCertificate("Another CA", nullptr, true);
  ClientContext distrusting = MakeClientContext(other_ca);
  TestClient refused(running.port, distrusting.get());
  EXPECT_FALSE(refused.connected());
  EXPECT_EQ(refused.handshake_error(), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  TestClient trusting(running.port, client_.get());
  ASSERT_TRUE(trusting.Send(RequestText("GET", "/")));
  ASSERT_TRUE(trusting.Read());
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 1; }));
}

TEST_F(HttpTlsTest, PlainHttpOnTheTlsPortIsClosedWithoutAnHttpAnswer) {
  CountingHandler counting;
  RunningServer running(Options(), counting.handler());
  TestClient plain(running.port);
  ASSERT_TRUE(plain.Send(RequestText("GET", "/healthz")));
  EXPECT_FALSE(plain.Read());
  EXPECT_TRUE(plain.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
  TestClient tls(running.port, client_.get());
  ASSERT_TRUE(tls.Send(RequestText("GET", "/")));
  ASSERT_TRUE(tls.Read());
}

TEST_F(HttpTlsTest, HandshakeNeverCompletedIsClosedByTheHeaderTimeout) {
  ServerOptions options = Options();
  options.header_timeout = std::chrono::milliseconds(300);
  CountingHandler counting;
  RunningServer running(options, counting.handler());
  const auto start = std::chrono::steady_clock::now();
  TestClient silent(running.port);  // connects, sends nothing
  TestClient partial(running.port);
  // A TLS record header announcing a 512-byte ClientHello, and then nothing.
  ASSERT_TRUE(partial.Send(std::string_view("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9)));
  // Meanwhile a real client is served.
  {
    TestClient tls(running.port, client_.get());
    ASSERT_TRUE(tls.Send(RequestText("GET", "/")));
    ASSERT_TRUE(tls.Read());
  }
  EXPECT_TRUE(silent.WaitClosed());
  EXPECT_TRUE(partial.WaitClosed());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
  EXPECT_EQ(counting.calls.load(), 1);
}

TEST_F(HttpTlsTest, HeaderTimeoutCutsOffASlowlorisAfterTheHandshake) {
  ServerOptions options = Options();
  options.header_timeout = std::chrono::milliseconds(300);
  CountingHandler counting;
  RunningServer running(options, counting.handler());
  const auto start = std::chrono::steady_clock::now();
  TestClient slow(running.port, client_.get());
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.Send("GET / HTTP/1.1\r\nHost: t\r\n"));
  bool closed = false;
  // One header byte per TLS record every 20 ms (the dribble's pace, not a wait).
  while (std::chrono::steady_clock::now() - start < kWait) {
    if (!slow.Send("X") || slow.WaitClosed(std::chrono::milliseconds(20))) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_EQ(counting.calls.load(), 0);
}

TEST_F(HttpTlsTest, OversizeBodyGets413ThenTheConnectionEndsCleanly) {
  CountingHandler counting;
  ServerOptions options = Options();
  options.body_limit = 1000;
  RunningServer running(options, counting.handler());
  TestClient client(running.port, client_.get());
  // The client sends the whole refused body (more than the sockets' buffers hold) before reading
  // the answer: the server must read and discard it while it ends the TLS session, not reset the
  // connection (which would lose the answer and fail the send).
  ASSERT_TRUE(client.Send(RequestText("POST", "/", std::string(4 << 20, 'x'))));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(counting.calls.load(), 0);
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
}

TEST_F(HttpTlsTest, IdleAndWriteTimeoutsHold) {
  ServerOptions options = Options();
  options.idle_timeout = std::chrono::milliseconds(200);
  options.write_timeout = std::chrono::milliseconds(200);
  const std::string big(16 << 20, 'x');
  RunningServer running(options, [&](Request&& request, const RequestInfo&, Responder responder) {
    responder.Send(TextResponse(request.target() == "/big" ? big : "small"));
  });
  TestClient idle(running.port, client_.get());
  ASSERT_TRUE(idle.Send(RequestText("GET", "/")));
  ASSERT_TRUE(idle.Read());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));

  // A client that asks for 16 MiB and never reads: the write times out and the server closes.
  TestClient stalled(running.port, client_.get());
  ASSERT_TRUE(stalled.Send(RequestText("GET", "/big")));
  EXPECT_TRUE(WaitUntil([&] { return running.server->active_connections() == 0; }));
}

TEST_F(HttpTlsTest, GracefulStopAnswersTheRequestInFlightAndClosesTheRest) {
  std::mutex mu;
  std::vector<Responder> held;
  RunningServer running(Options(), [&](Request&&, const RequestInfo&, Responder responder) {
    std::lock_guard lock(mu);
    held.push_back(std::move(responder));
  });
  TestClient busy(running.port, client_.get());
  TestClient idle(running.port, client_.get());
  TestClient handshaking(running.port);  // TCP only: stuck before the handshake
  ASSERT_TRUE(busy.Send(RequestText("POST", "/detect", "{}")));
  ASSERT_TRUE(WaitUntil([&] {
    std::lock_guard lock(mu);
    return held.size() == 1;
  }));
  auto stopped = std::async(std::launch::async, [&] { running.server->Stop(); });
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_TRUE(handshaking.WaitClosed());
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  {
    std::lock_guard lock(mu);
    held.front().Send(TextResponse("decided"));
  }
  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "decided");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(busy.WaitClosed());
  EXPECT_EQ(stopped.wait_for(kWait), std::future_status::ready);
}

TEST_F(HttpTlsTest, ConnectionCapCountsTlsConnections) {
  ServerOptions options = Options();
  options.max_connections = 1;
  CountingHandler counting;
  RunningServer running(options, counting.handler());
  TestClient first(running.port, client_.get());
  ASSERT_TRUE(first.Send(RequestText("GET", "/")));
  ASSERT_TRUE(first.Read());
  EXPECT_FALSE(TestClient(running.port, client_.get()).connected());
  ASSERT_TRUE(first.Send(RequestText("GET", "/")));
  ASSERT_TRUE(first.Read());
}

}  // namespace
}  // namespace vigil::http
