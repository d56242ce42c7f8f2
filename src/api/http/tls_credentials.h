// TLS credentials of the HTTP server: the certificate chain and private key read from the files
// named in ServerOptions (and, for mutual TLS, the CAs that sign client certificates), checked and
// made into an OpenSSL context with the server's TLS policy:
//
// - TLS 1.2 and 1.3 only; for TLS 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305
//   (forward secrecy, authenticated encryption); TLS 1.3 uses OpenSSL's default suites, which
//   are all of that kind.
// - No compression (CRIME), no renegotiation, the server's cipher preference.
// - Idle connections give their OpenSSL buffers back (SSL_MODE_RELEASE_BUFFERS).
//
// A context is immutable once built and shared: connections hold it as long as they live, so a
// reload (Server::ReloadTls) replaces the context for new connections while open ones keep theirs.
#pragma once

#include <memory>
#include <string>

#include "api/http/http_options.h"
#include "core/result.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace vigil::http {

// The certificate a TLS server presents (the first of tls_cert_file), for logs.
struct TlsCertificateInfo {
  std::string subject;    // RFC 2253, e.g. "CN=vigil.example.com,O=Example"
  std::string not_after;  // end of validity, ISO 8601 UTC, e.g. "2027-01-31T12:00:00Z"
  std::string sha256;     // SHA-256 fingerprint of the DER certificate, lowercase hex
};

namespace detail {

struct TlsCredentials {
  std::shared_ptr<boost::asio::ssl::context> context;
  TlsCertificateInfo certificate;
};

// True when `options` ask for TLS at all (any of the three files named).
bool WantsTls(const ServerOptions& options);

// Reads tls_cert_file (PEM; the first certificate is the server's, the ones after it the chain
// sent with it), tls_key_file (PEM, unencrypted; a file holding both is fine) and, when set,
// tls_client_ca_file (PEM CA certificates: clients must then present a certificate they signed).
// Fails with kInvalidArgument, `field` naming the option and the message naming the file and
// the reason, when: only one of tls_cert_file and tls_key_file is set; tls_client_ca_file is
// set without them; a file cannot be read; a file holds no usable PEM of its kind; the key does
// not belong to the certificate. Reads files; thread-safe.
Result<TlsCredentials> LoadTlsCredentials(const ServerOptions& options);

}  // namespace detail
}  // namespace vigil::http
