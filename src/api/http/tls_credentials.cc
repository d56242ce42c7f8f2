#include "api/http/tls_credentials.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <ctime>
#include <exception>
#include <system_error>

namespace vigil::http::detail {

namespace ssl = boost::asio::ssl;

namespace {

constexpr const char* kCertOption = "tls_cert_file";
constexpr const char* kKeyOption = "tls_key_file";
constexpr const char* kClientCaOption = "tls_client_ca_file";

// PEM files are a few KiB; reading stops here so that a wrong path (a device, a log) cannot make
// the server read without end.
constexpr size_t kMaxFileSize = 1 << 20;

// TLS 1.2: ECDHE only (forward secrecy), AEAD ciphers only, the faster ones first.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";

// Names the server's TLS sessions; OpenSSL refuses to resume sessions with client certificates
// without one.
constexpr unsigned char kSessionContext[] = "vigil";

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

// A file's contents, wiped from memory when dropped (the key file's are secret).
struct FileText {
  std::string text;
  FileText() = default;
  FileText(FileText&& other) noexcept : text(std::move(other.text)) {}
  FileText& operator=(FileText&& other) noexcept {
    OPENSSL_cleanse(text.data(), text.size());
    text = std::move(other.text);
    return *this;
  }
  FileText(const FileText&) = delete;
  ~FileText() { OPENSSL_cleanse(text.data(), text.size()); }
};

std::unexpected<Error> Bad(const char* option, const std::string& path, const std::string& why) {
  return Fail(ErrorCode::kInvalidArgument, std::string(option) + " " + path + ": " + why, option);
}

// OpenSSL's reason for the last failure; empties its error queue (which is per thread).
std::string OpenSslReason() {
  unsigned long last = 0;
  while (const unsigned long e = ERR_get_error()) last = e;
  if (last == 0) return "unknown reason";
  const char* reason = ERR_reason_error_string(last);
  return reason ? reason : "OpenSSL error " + std::to_string(last);
}

// True when the last PEM read failed only because no further PEM block follows (then clears it).
bool NoMorePem() {
  const unsigned long e = ERR_peek_last_error();
  if (ERR_GET_LIB(e) != ERR_LIB_PEM || ERR_GET_REASON(e) != PEM_R_NO_START_LINE) return false;
  ERR_clear_error();
  return true;
}

Result<FileText> ReadFile(const char* option, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Bad(option, path, "cannot open: " + std::generic_category().message(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Bad(option, path, "not a regular file");
  }
  FileText file;
  file.text.resize(kMaxFileSize + 1);
  size_t size = 0;
  while (size < file.text.size()) {
    const ssize_t n = ::read(fd, file.text.data() + size, file.text.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Bad(option, path, "cannot read: " + std::generic_category().message(error));
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  ::close(fd);
  if (size > kMaxFileSize) return Bad(option, path, "larger than 1 MiB, so not a PEM file");
  if (size == 0) return Bad(option, path, "the file is empty");
  file.text.resize(size);
  return file;
}

BioPtr MemoryBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Never prompts: an encrypted key fails instead of blocking the server on a passphrase prompt.
int NoPassphrase(char*, int, int, void*) { return 0; }

Status UsePolicy(SSL_CTX* ctx) {
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1 ||
      SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1) != 1) {
    return Fail(ErrorCode::kInternal, "cannot set the TLS policy: " + OpenSslReason());
  }
  SSL_CTX_set_default_passwd_cb(ctx, NoPassphrase);
  return {};
}

// The first certificate of the file is the server's; the ones after it are sent as its chain.
Status UseCertificateChain(SSL_CTX* ctx, const std::string& path, const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  X509Ptr leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!leaf) {
    return Bad(kCertOption, path, "no PEM certificate in it (" + OpenSslReason() + ")");
  }
  if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
    return Bad(kCertOption, path, "the certificate cannot be used (" + OpenSslReason() + ")");
  }
  for (int position = 2;; ++position) {
    X509Ptr next(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
    if (!next) {
      if (NoMorePem()) return {};
      return Bad(kCertOption, path,
                 "certificate " + std::to_string(position) + " of the chain is not valid PEM (" +
                     OpenSslReason() + ")");
    }
    if (SSL_CTX_add1_chain_cert(ctx, next.get()) != 1) {
      return Bad(kCertOption, path,
                 "certificate " + std::to_string(position) + " of the chain cannot be used (" +
                     OpenSslReason() + ")");
    }
  }
}

Status UsePrivateKey(SSL_CTX* ctx, const ServerOptions& options, const std::string& pem) {
  const std::string& path = options.tls_key_file;
  BioPtr bio = MemoryBio(pem);
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    const std::string reason = OpenSslReason();
    if (pem.find("ENCRYPTED") != std::string::npos) {
      return Bad(kKeyOption, path,
                 "the private key is encrypted; give an unencrypted key and protect the file "
                 "with its permissions");
    }
    return Bad(kKeyOption, path, "no PEM private key in it (" + reason + ")");
  }
  X509* cert = SSL_CTX_get0_certificate(ctx);
  if (X509_check_private_key(cert, key.get()) != 1 || SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return Bad(
        kKeyOption, path,
        "the private key does not match the certificate in tls_cert_file " + options.tls_cert_file);
  }
  return {};
}

// Clients must present a certificate signed by one of the file's CAs.
Status RequireClientCertificates(SSL_CTX* ctx, const std::string& path, const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int count = 0;
  for (;;) {
    X509Ptr ca(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
    if (!ca) {
      if (NoMorePem()) break;
      return Bad(kClientCaOption, path,
                 "certificate " + std::to_string(count + 1) + " is not valid PEM (" +
                     OpenSslReason() + ")");
    }
    if (X509_STORE_add_cert(store, ca.get()) != 1 || SSL_CTX_add_client_CA(ctx, ca.get()) != 1) {
      return Bad(
          kClientCaOption, path,
          "certificate " + std::to_string(count + 1) + " cannot be used (" + OpenSslReason() + ")");
    }
    ++count;
  }
  if (count == 0) return Bad(kClientCaOption, path, "no PEM certificate in it");
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return {};
}

TlsCertificateInfo Describe(X509* cert) {
  TlsCertificateInfo info;
  if (BioPtr out(BIO_new(BIO_s_mem())); out) {
    X509_NAME_print_ex(out.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    if (size > 0) info.subject.assign(data, static_cast<size_t>(size));
  }
  std::tm expiry{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &expiry) == 1) {
    char text[32];
    if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &expiry) > 0) info.not_after = text;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), digest, &length) == 1) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
      info.sha256 += kHex[digest[i] >> 4];
      info.sha256 += kHex[digest[i] & 0xf];
    }
  }
  ERR_clear_error();
  return info;
}

}  // namespace

bool WantsTls(const ServerOptions& options) {
  return !options.tls_cert_file.empty() || !options.tls_key_file.empty() ||
         !options.tls_client_ca_file.empty();
}

Result<TlsCredentials> LoadTlsCredentials(const ServerOptions& options) {
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    const char* missing = options.tls_cert_file.empty() ? kCertOption : kKeyOption;
    return Fail(ErrorCode::kInvalidArgument,
                std::string(missing) +
                    " is not set: HTTPS needs both tls_cert_file and tls_key_file (set neither "
                    "for plain HTTP)",
                missing);
  }
  VIGIL_TRY(cert_pem, ReadFile(kCertOption, options.tls_cert_file));
  VIGIL_TRY(key_pem, ReadFile(kKeyOption, options.tls_key_file));
  FileText ca_pem;
  if (!options.tls_client_ca_file.empty()) {
    VIGIL_TRY(read, ReadFile(kClientCaOption, options.tls_client_ca_file));
    ca_pem = std::move(read);
  }

  std::shared_ptr<ssl::context> context;
  try {
    context = std::make_shared<ssl::context>(ssl::context::tls_server);
  } catch (const std::exception& e) {
    ERR_clear_error();
    return Fail(ErrorCode::kInternal, std::string("cannot create a TLS context: ") + e.what());
  }
  SSL_CTX* ctx = context->native_handle();
  ERR_clear_error();
  VIGIL_CHECK(UsePolicy(ctx));
  VIGIL_CHECK(UseCertificateChain(ctx, options.tls_cert_file, cert_pem.text));
  VIGIL_CHECK(UsePrivateKey(ctx, options, key_pem.text));
  if (!options.tls_client_ca_file.empty()) {
    VIGIL_CHECK(RequireClientCertificates(ctx, options.tls_client_ca_file, ca_pem.text));
  }
  return TlsCredentials{std::move(context), Describe(SSL_CTX_get0_certificate(ctx))};
}

}  // namespace vigil::http::detail
