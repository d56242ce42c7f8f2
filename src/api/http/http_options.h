// Options of the HTTP/1.1 server (http_server.h). Built by cli/ from the config file, environment
// and flags; every field has a default that is safe for production.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace vigil::http {

struct ServerOptions {
  // Address to listen on (IPv4 or IPv6 literal).
  // Default: "127.0.0.1" (loopback only).
  std::string address = "127.0.0.1";

  // TCP port; 0 picks a free port (tests), reported by Server::Start().
  // Default: 8080.
  uint16_t port = 8080;

  // I/O threads running the event loop; 0 means one per core (hardware_concurrency, at least 1).
  // The handler runs on these threads, so it must not block.
  // Default: 0.
  int threads = 0;

  // Largest accepted request body in bytes (AFD's payload limit). A larger Content-Length is
  // answered 413 before the body is read and without calling the handler; a chunked body is cut
  // off with 413 as soon as it grows past the limit.
  // Default: 256 KiB.
  size_t body_limit = 256 * 1024;

  // Largest request line plus header fields in bytes; larger requests get 431.
  // Default: 16 KiB.
  size_t header_limit = 16 * 1024;

  // Time to receive the complete headers of a request, counted from the connection's accept for
  // its first request and from the first byte for later ones. A client that dribbles its headers
  // (slowloris) is closed when it runs out.
  // Default: 10 s.
  std::chrono::milliseconds header_timeout{10'000};

  // Time to receive a request's body once its headers are in.
  // Default: 30 s.
  std::chrono::milliseconds body_timeout{30'000};

  // Time a keep-alive connection may sit between requests before it is closed.
  // Default: 60 s.
  std::chrono::milliseconds idle_timeout{60'000};

  // Time to write a response to a client that does not read it.
  // Default: 30 s.
  std::chrono::milliseconds write_timeout{30'000};

  // Open connections at most; a connection beyond it is accepted and closed at once, which keeps
  // memory and file descriptors within bounds while telling the client to go away.
  // Default: 10 000.
  size_t max_connections = 10'000;

  // HTTPS: PEM files of the server's certificate (followed by the intermediate certificates of
  // its chain, which are sent with it) and of its private key (unencrypted). With both set the
  // server speaks only HTTPS, TLS 1.2 and 1.3 (tls_credentials.h states the policy); with neither,
  // only plain HTTP; one without the other fails Start. Server::ReloadTls re-reads them.
  // Default: "" (plain HTTP).
  std::string tls_cert_file;
  std::string tls_key_file;

  // Mutual TLS: PEM file of the CA certificates that sign client certificates. When set (with
  // the two above), only clients presenting a certificate signed by one of them can connect.
  // Default: "" (no client certificate is asked for).
  std::string tls_client_ca_file;

  // Graceful stop: how long requests already being read or handled may take to be answered
  // before their connections are closed regardless.
  // Default: 10 s.
  std::chrono::milliseconds shutdown_grace{10'000};
};

}  // namespace vigil::http
