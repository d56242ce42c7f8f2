// The HTTP server's TLS files: refusing to start on bad ones (naming the file and why), serving a
// chain whole, mutual TLS, and reloading — new connections get the new certificate, open ones
// keep theirs, and a bad file on reload changes nothing.
#include <gtest/gtest.h>

#include <string>

#include "api/http/http_server.h"
#include "api/http/test_client.h"
#include "api/http/tls_test_support.h"

namespace vigil::http {
namespace {

using namespace http_test;

void Echo(Request&& request, const RequestInfo&, Responder responder) {
  responder.Send(TextResponse(std::string(request.target())));
}

class HttpTlsFilesTest : public ::testing::Test {
 protected:
  // Start's error for `options`; fails the test if it started.
  Error StartError(const ServerOptions& options) {
    Server server(options, Echo);
    auto started = server.Start();
    EXPECT_FALSE(started) << "the server started";
    return started ? Error{} : started.error();
  }

  // Makes a request on a fresh connection; the fingerprint of the certificate it saw, "" when
  // the handshake or the request failed.
  std::string FreshConnectionSees(uint16_t port, SSL_CTX* context) {
    TestClient client(port, context);
    if (!client.connected() || !client.Send(RequestText("GET", "/fresh"))) return "";
    auto response = client.Read();
    return response && response->result_int() == 200 ? client.PeerSha256() : "";
  }

  TempDir dir_;
  TestCertificate ca_ = MakeCertificate("Vigil test CA", nullptr, /*is_ca=*/true);
  TestCertificate server_cert_ = MakeCertificate("127.0.0.1", &ca_);
  ClientContext client_ = MakeClientContext(ca_);
};

TEST_F(HttpTlsFilesTest, OneFileWithoutTheOtherRefusesToStart) {
  ServerOptions options = WithTls(TestOptions(), dir_, server_cert_);
  options.tls_key_file.clear();
  Error error = StartError(options);
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.field, "tls_key_file");
  EXPECT_NE(error.message.find("tls_key_file is not set"), std::string::npos) << error.message;

  options = WithTls(TestOptions(), dir_, server_cert_);
  options.tls_cert_file.clear();
  EXPECT_EQ(StartError(options).field, "tls_cert_file");

  options = TestOptions();
  options.tls_client_ca_file = dir_.Write("ca.pem", ca_.cert_pem);
  EXPECT_EQ(StartError(options).field, "tls_cert_file");
}

TEST_F(HttpTlsFilesTest, BadFilesRefuseToStartNamingTheFileAndWhy) {
  struct Case {
    std::string option;   // the file that is bad
    std::string content;  // "" for no such file; "<dir>" for a directory
    std::string why;
  };
  const TestCertificate other = MakeCertificate("127.0.0.1", &ca_);
  const std::string encrypted_key = [&] {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, server_cert_.key.get(), EVP_aes_256_cbc(),
                             reinterpret_cast<const unsigned char*>("secret"), 6, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(size));
    BIO_free(bio);
    return pem;
  }();
  const std::vector<Case> cases = {
      {"tls_cert_file", "", "cannot open: No such file or directory"},
      {"tls_key_file", "", "cannot open: No such file or directory"},
      {"tls_cert_file", "<dir>", "not a regular file"},
      {"tls_cert_file", "not a certificate\n", "no PEM certificate in it"},
      {"tls_cert_file", server_cert_.key_pem, "no PEM certificate in it"},
      {"tls_key_file", server_cert_.cert_pem, "no PEM private key in it"},
      {"tls_key_file", other.key_pem, "the private key does not match the certificate"},
      {"tls_key_file", encrypted_key, "the private key is encrypted"},
      {"tls_cert_file",
       server_cert_.cert_pem + "-----BEGIN CERTIFICATE-----\nAAAA\n"
                               "-----END CERTIFICATE-----\n",
       "certificate 2 of the chain is not valid PEM"},
      {"tls_client_ca_file", "nothing here\n", "no PEM certificate in it"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.option + ": " + c.why);
    TempDir dir;
    ServerOptions options = WithTls(TestOptions(), dir, server_cert_);
    std::string* target = c.option == "tls_cert_file"  ? &options.tls_cert_file
                          : c.option == "tls_key_file" ? &options.tls_key_file
                                                       : &options.tls_client_ca_file;
    if (c.content.empty()) {
      *target = dir.Path("missing.pem");
    } else if (c.content == "<dir>") {
      *target = dir.Path("");
    } else {
      *target = dir.Write("bad.pem", c.content);
    }
    const Error error = StartError(options);
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.field, c.option);
    EXPECT_TRUE(error.message.starts_with(c.option + " " + *target + ": ")) << error.message;
    EXPECT_NE(error.message.find(c.why), std::string::npos) << error.message;
  }
}

TEST_F(HttpTlsFilesTest, CertificateAndKeyInOneFileWork) {
  ServerOptions options = TestOptions();
  options.tls_cert_file = options.tls_key_file =
      dir_.Write("both.pem", server_cert_.key_pem + server_cert_.cert_pem);
  RunningServer running(options, Echo);
  ASSERT_NE(running.port, 0);
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), server_cert_.sha256);
}

TEST_F(HttpTlsFilesTest, TheChainInTheCertificateFileIsServedWhole) {
  const TestCertificate root = MakeCertificate("Vigil test root", nullptr, true);
  const TestCertificate intermediate = MakeCertificate("Vigil test intermediate", &root, true);
  const TestCertificate leaf = MakeCertificate("127.0.0.1", &intermediate);
  ServerOptions options = TestOptions();
  options.tls_cert_file = dir_.Write("chain.pem", leaf.cert_pem + intermediate.cert_pem);
  options.tls_key_file = dir_.Write("leaf.key", leaf.key_pem);
  RunningServer running(options, Echo);
  // The client trusts only the root: it can verify the leaf only with the intermediate.
  ClientContext trusts_root = MakeClientContext(root);
  TestClient client(running.port, trusts_root.get());
  ASSERT_TRUE(client.connected()) << "verify result " << client.handshake_error();
  EXPECT_EQ(client.PeerChainLength(), 2);
  EXPECT_EQ(client.PeerSha256(), leaf.sha256);
}

TEST_F(HttpTlsFilesTest, MutualTlsAdmitsOnlyClientsWithACertificateFromTheClientCa) {
  const TestCertificate client_ca = MakeCertificate("Vigil client CA", nullptr, true);
  const TestCertificate good_client = MakeCertificate("checkout", &client_ca);
  const TestCertificate stranger = MakeCertificate("stranger", nullptr);
  ServerOptions options = WithTls(TestOptions(), dir_, server_cert_);
  options.tls_client_ca_file = dir_.Write("clients.pem", client_ca.cert_pem);
  RunningServer running(options, Echo);
  ASSERT_NE(running.port, 0);

  ClientContext with_good = MakeClientContext(ca_, &good_client);
  EXPECT_EQ(FreshConnectionSees(running.port, with_good.get()), server_cert_.sha256);
  // TLS 1.3 clients finish their handshake before the server checks their certificate; the
  // refusal shows as a connection that answers nothing.
  ClientContext with_stranger = MakeClientContext(ca_, &stranger);
  EXPECT_EQ(FreshConnectionSees(running.port, with_stranger.get()), "");
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), "");  // no certificate at all
}

TEST_F(HttpTlsFilesTest, ReloadServesTheNewCertificateToNewConnectionsOnly) {
  const TestCertificate renewed = MakeCertificate("127.0.0.1", &ca_);
  const ServerOptions options = WithTls(TestOptions(), dir_, server_cert_);
  RunningServer running(options, Echo);
  ASSERT_NE(running.port, 0);
  TestClient old_connection(running.port, client_.get());
  ASSERT_TRUE(old_connection.Send(RequestText("GET", "/before")));
  ASSERT_TRUE(old_connection.Read());
  EXPECT_EQ(old_connection.PeerSha256(), server_cert_.sha256);

  // Rotation: both files replaced, then the reload.
  dir_.Write("server.pem", renewed.cert_pem);
  dir_.Write("server.key", renewed.key_pem);
  auto reloaded = running.server->ReloadTls();
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ(reloaded->sha256, renewed.sha256);
  EXPECT_EQ(reloaded->subject, "CN=127.0.0.1,O=Vigil tests");
  EXPECT_EQ(reloaded->not_after.size(), 20u) << reloaded->not_after;  // 2026-12-28T10:00:00Z
  EXPECT_EQ(running.server->tls_certificate()->sha256, renewed.sha256);
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), renewed.sha256);

  // The connection opened before goes on, on the session it has.
  ASSERT_TRUE(old_connection.Send(RequestText("GET", "/after")));
  auto response = old_connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "/after");
  EXPECT_EQ(old_connection.PeerSha256(), server_cert_.sha256);
}

TEST_F(HttpTlsFilesTest, ReloadWithABadFileKeepsTheCertificateInUse) {
  const TestCertificate unrelated = MakeCertificate("127.0.0.1", &ca_);
  const ServerOptions options = WithTls(TestOptions(), dir_, server_cert_);
  RunningServer running(options, Echo);
  ASSERT_NE(running.port, 0);

  dir_.Write("server.pem", "-----BEGIN CERTIFICATE-----\ntruncated");
  auto garbage = running.server->ReloadTls();
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().field, "tls_cert_file");
  EXPECT_NE(garbage.error().message.find(options.tls_cert_file), std::string::npos);
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), server_cert_.sha256);

  // Half a rotation: a new certificate with the old key.
  dir_.Write("server.pem", unrelated.cert_pem);
  auto mismatch = running.server->ReloadTls();
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().field, "tls_key_file");
  EXPECT_NE(mismatch.error().message.find("does not match"), std::string::npos);
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), server_cert_.sha256);
  EXPECT_EQ(running.server->tls_certificate()->sha256, server_cert_.sha256);

  // Finishing the rotation fixes it.
  dir_.Write("server.key", unrelated.key_pem);
  ASSERT_TRUE(running.server->ReloadTls());
  EXPECT_EQ(FreshConnectionSees(running.port, client_.get()), unrelated.sha256);
}

TEST_F(HttpTlsFilesTest, ReloadWithoutTlsIsRefusedAndPlainHttpIsUnchanged) {
  RunningServer running(TestOptions(), Echo);
  EXPECT_FALSE(running.server->tls_certificate());
  auto reloaded = running.server->ReloadTls();
  ASSERT_FALSE(reloaded);
  EXPECT_EQ(reloaded.error().code, ErrorCode::kConflict);
  TestClient client(running.port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/plain")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "/plain");
}

}  // namespace
}  // namespace vigil::http
