#include "cli/serve_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace vigil::cli {
namespace {

class ServeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("vigil-config-" + std::to_string(getpid()) + ".yaml");
    unsetenv("VIGIL_CONFIG");
    unsetenv("VIGIL_PORT");
    unsetenv("VIGIL_DATA_DIR");
  }
  void TearDown() override {
    std::filesystem::remove(path_);
    unsetenv("VIGIL_PORT");
  }
  Result<ServeConfig> Load(std::vector<std::string> args) {
    CLI::App app;
    ServeConfigLoader loader(app);
    args.insert(args.begin(), "vigil");
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    return loader.Resolve();
  }
  void WriteConfig(const std::string& text) { std::ofstream(path_) << text; }
  std::filesystem::path path_;
};

TEST_F(ServeConfigTest, DefaultsFileEnvironmentFlagsInRisingPrecedence) {
  auto defaults = Load({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->port, 8080);
  EXPECT_EQ(defaults->data_dir, "./data");
  WriteConfig("port: 9000\ndata_dir: /srv/vigil\ncors_origins: [a.example, b.example]\n");
  auto file = Load({"--config", path_.string()});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->port, 9000);
  EXPECT_EQ(file->cors_origins, (std::vector<std::string>{"a.example", "b.example"}));
  setenv("VIGIL_PORT", "9100", 1);
  EXPECT_EQ(Load({"--config", path_.string()})->port, 9100);
  EXPECT_EQ(Load({"--config", path_.string(), "--port", "9200"})->port, 9200);
  EXPECT_EQ(Load({"--config", path_.string(), "--port", "9200"})->data_dir, "/srv/vigil");
}

TEST_F(ServeConfigTest, ErrorsNameTheOptionAndTheSource) {
  WriteConfig("prot: 9000\n");
  auto typo = Load({"--config", path_.string()});
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("unknown option 'prot'"), std::string::npos);
  setenv("VIGIL_PORT", "http", 1);
  auto env = Load({});
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().message.find("VIGIL_PORT"), std::string::npos);
  unsetenv("VIGIL_PORT");
  auto flag = Load({"--durability", "maybe"});
  ASSERT_FALSE(flag);
  EXPECT_NE(flag.error().message.find("--durability"), std::string::npos);
}

TEST_F(ServeConfigTest, ApiKeysComeFromTheFileOnly) {
  WriteConfig("api_keys:\n  - name: ops\n    key: secret\n    permissions: all\n");
  auto config = Load({"--config", path_.string()});
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->api_keys.size(), 1u);
  EXPECT_EQ(config->api_keys[0].sha256, api::Sha256Hex("secret"));
}

TEST_F(ServeConfigTest, AccessKeysComeFromTheFileToo) {
  WriteConfig(
      "api_keys:\n  - name: scorer\n    permissions: decide\n"
      "    access_key_id: AKIAIOSFODNN7EXAMPLE\n"
      "    secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
  auto config = Load({"--config", path_.string()});
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->api_keys.size(), 1u);
  ASSERT_TRUE(config->api_keys[0].access_key);
  EXPECT_EQ(config->api_keys[0].access_key->secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  WriteConfig(
      "api_keys:\n  - name: scorer\n    permissions: decide\n"
      "    access_key_id: AKIAIOSFODNN7EXAMPLE\n");
  auto half = Load({"--config", path_.string()});
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("secret_access_key"), std::string::npos);
}

TEST_F(ServeConfigTest, RateLimitFromAMapTheEnvironmentOrFlags) {
  auto defaults = Load({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->rate_limit_rate, 0);  // unlimited
  EXPECT_EQ(defaults->rate_limit_burst, 0);
  WriteConfig(
      "rate_limit: {rate: 1000, burst: 2000}\n"
      "api_keys:\n"
      "  - name: noisy\n    key: secret\n    permissions: decide\n"
      "    rate_limit: {rate: 0.5, burst: 3}\n");
  auto file = Load({"--config", path_.string()});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->rate_limit_rate, 1000);
  EXPECT_EQ(file->rate_limit_burst, 2000);
  ASSERT_EQ(file->api_keys.size(), 1u);
  EXPECT_EQ(file->api_keys[0].rate_limit, (api::RateLimit{.rate = 0.5, .burst = 3}));
  setenv("VIGIL_RATE_LIMIT_RATE", "2.5", 1);
  auto env = Load({"--config", path_.string()});
  unsetenv("VIGIL_RATE_LIMIT_RATE");
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->rate_limit_rate, 2.5);
  auto flags =
      Load({"--config", path_.string(), "--rate-limit-rate", "7", "--rate-limit-burst", "9"});
  ASSERT_TRUE(flags) << flags.error().message;
  EXPECT_EQ(flags->rate_limit_rate, 7);
  EXPECT_EQ(flags->rate_limit_burst, 9);
  EXPECT_EQ(Load({"--rate-limit-rate", "1.5"})->rate_limit_rate, 1.5);  // flat names work too

  auto negative = Load({"--rate-limit-rate", "-1"});
  ASSERT_FALSE(negative);
  EXPECT_NE(negative.error().message.find("--rate-limit-rate"), std::string::npos);
  WriteConfig("rate_limit: {rate: 5, bust: 10}\n");
  auto typo = Load({"--config", path_.string()});
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("unknown option 'rate_limit_bust'"), std::string::npos);
}

TEST_F(ServeConfigTest, TlsFilesFromAMapTheEnvironmentOrFlagsAndOnlyInPairs) {
  auto defaults = Load({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->tls_cert_file, "");  // plain HTTP
  EXPECT_EQ(defaults->tls_key_file, "");
  WriteConfig("tls: {cert_file: /etc/vigil/cert.pem, key_file: /etc/vigil/key.pem}\n");
  auto file = Load({"--config", path_.string()});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->tls_cert_file, "/etc/vigil/cert.pem");
  EXPECT_EQ(file->tls_key_file, "/etc/vigil/key.pem");
  EXPECT_EQ(file->tls_client_ca_file, "");
  setenv("VIGIL_TLS_CLIENT_CA_FILE", "/etc/vigil/clients.pem", 1);
  auto env = Load({"--config", path_.string(), "--tls-key-file", "/run/key.pem"});
  unsetenv("VIGIL_TLS_CLIENT_CA_FILE");
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->tls_client_ca_file, "/etc/vigil/clients.pem");
  EXPECT_EQ(env->tls_key_file, "/run/key.pem");

  auto lone = Load({"--tls-cert-file", "/etc/vigil/cert.pem"});
  ASSERT_FALSE(lone);
  EXPECT_EQ(lone.error().field, "tls_key_file");
  EXPECT_NE(lone.error().message.find("needs both tls_cert_file and tls_key_file"),
            std::string::npos);
  auto ca_only = Load({"--tls-client-ca-file", "/etc/vigil/clients.pem"});
  ASSERT_FALSE(ca_only);
  EXPECT_EQ(ca_only.error().field, "tls_client_ca_file");
}

TEST_F(ServeConfigTest, DynamoDbSinkFromAMapWithTheAwsVariablesAsFallback) {
  for (const char* v : {"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                        "AWS_SESSION_TOKEN"}) {
    unsetenv(v);
  }
  auto off = Load({});
  ASSERT_TRUE(off);
  EXPECT_EQ(off->dynamodb_endpoint, "");
  WriteConfig(
      "dynamodb: {endpoint: 'http://127.0.0.1:4567', access_key_id: AKID, "
      "secret_access_key: SECRET, create_table: true}\n");
  auto file = Load({"--config", path_.string()});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->dynamodb_endpoint, "http://127.0.0.1:4567");
  EXPECT_EQ(file->dynamodb_table, "FraudDetectionResults");  // the seed's table
  EXPECT_EQ(file->dynamodb_region, "us-east-1");
  EXPECT_EQ(file->dynamodb_access_key_id, "AKID");
  EXPECT_TRUE(file->dynamodb_create_table);

  setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET", 1);
  setenv("AWS_REGION", "eu-west-1", 1);
  auto env = Load({"--dynamodb-endpoint", "https://dynamodb.eu-west-1.amazonaws.com"});
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->dynamodb_access_key_id, "ENVKEY");
  EXPECT_EQ(env->dynamodb_secret_access_key, "ENVSECRET");
  EXPECT_EQ(env->dynamodb_region, "eu-west-1");
  // The sink's own options win over the AWS variables.
  auto own = Load({"--config", path_.string()});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->dynamodb_access_key_id, "AKID");
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_REGION");
}

TEST_F(ServeConfigTest, DynamoDbSinkNeedsAUrlAndCredentials) {
  for (const char* v : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) unsetenv(v);
  auto no_scheme = Load({"--dynamodb-endpoint", "127.0.0.1:4567", "--dynamodb-access-key-id", "A",
                         "--dynamodb-secret-access-key", "S"});
  ASSERT_FALSE(no_scheme);
  EXPECT_EQ(no_scheme.error().field, "dynamodb_endpoint");
  auto no_secret =
      Load({"--dynamodb-endpoint", "http://127.0.0.1:4567", "--dynamodb-access-key-id", "A"});
  ASSERT_FALSE(no_secret);
  EXPECT_EQ(no_secret.error().field, "dynamodb_secret_access_key");
  EXPECT_NE(no_secret.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

}  // namespace
}  // namespace vigil::cli
