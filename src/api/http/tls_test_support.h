// Test support for the HTTPS tests: certificates made on the spot with OpenSSL (a CA, the
// certificates it signs, self-signed ones; P-256 keys, valid from an hour ago for 30 days, for
// 127.0.0.1 and localhost), written as PEM files into a temporary directory, and client TLS
// contexts that trust a given CA.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "api/http/http_options.h"

namespace vigil::http::http_test {

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct ContextFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using ClientContext = std::unique_ptr<SSL_CTX, ContextFree>;

struct TestCertificate {
  std::shared_ptr<X509> cert;
  std::shared_ptr<EVP_PKEY> key;
  std::string cert_pem;
  std::string key_pem;
  std::string sha256;  // fingerprint of the DER certificate, lowercase hex
};

// SHA-256 of a certificate's DER encoding, lowercase hex ("" for null).
inline std::string Sha256Of(X509* cert) {
  if (cert == nullptr) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

namespace detail_support {

inline void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("making a test certificate failed: ") + what);
}

inline void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(extension != nullptr, value);
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

template <class Write>
std::string Pem(Write write) {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(write(bio) == 1, "PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

}  // namespace detail_support

// A certificate for `common_name`, signed by `issuer` (self-signed when null); `is_ca` makes it
// a CA that can sign others.
inline TestCertificate MakeCertificate(const std::string& common_name,
                                       const TestCertificate* issuer = nullptr,
                                       bool is_ca = false) {
  using detail_support::AddExtension;
  using detail_support::Check;
  static std::atomic<long> serial{1};
  TestCertificate made;
  made.key.reset(EVP_EC_gen("P-256"), KeyFree());
  Check(made.key != nullptr, "key");
  made.cert.reset(X509_new(), X509Free());
  X509* cert = made.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial.fetch_add(1) + getpid() * 1000L);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600);
  X509_set_pubkey(cert, made.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Vigil tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509* issuer_cert = issuer ? issuer->cert.get() : cert;
  X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
  AddExtension(cert, issuer_cert, NID_subject_key_identifier, "hash");
  AddExtension(cert, issuer_cert, NID_authority_key_identifier, "keyid:always");
  if (is_ca) {
    AddExtension(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert, issuer_cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  Check(X509_sign(cert, issuer ? issuer->key.get() : made.key.get(), EVP_sha256()) > 0, "sign");
  made.cert_pem = detail_support::Pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
  made.key_pem = detail_support::Pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, made.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  made.sha256 = Sha256Of(cert);
  return made;
}

// A fresh directory under the system's temporary directory, removed with its files at the end.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> count{0};
    path_ = std::filesystem::temp_directory_path() /
            ("vigil-tls-" + std::to_string(getpid()) + "-" + std::to_string(count.fetch_add(1)));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to the file `name` (replacing it) and returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A client context that trusts `ca` and checks that the server's certificate is for 127.0.0.1;
// with `client`, it presents that certificate (mutual TLS).
inline ClientContext MakeClientContext(const TestCertificate& ca,
                                       const TestCertificate* client = nullptr) {
  ClientContext context(SSL_CTX_new(TLS_client_method()));
  X509_STORE_add_cert(SSL_CTX_get_cert_store(context.get()), ca.cert.get());
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_CTX_get0_param(context.get()), "127.0.0.1");
  if (client) {
    SSL_CTX_use_certificate(context.get(), client->cert.get());
    SSL_CTX_use_PrivateKey(context.get(), client->key.get());
  }
  return context;
}

// `options` serving `cert` over HTTPS: its certificate and key written to `dir` as
// `name`.pem and `name`.key.
inline ServerOptions WithTls(ServerOptions options, const TempDir& dir, const TestCertificate& cert,
                             const std::string& name = "server") {
  options.tls_cert_file = dir.Write(name + ".pem", cert.cert_pem);
  options.tls_key_file = dir.Write(name + ".key", cert.key_pem);
  return options;
}

}  // namespace vigil::http::http_test
