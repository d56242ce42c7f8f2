// A small blocking HTTP/1.1 client for the CLI commands that talk to a running server
// (apply, export, keys over the API) and for the DynamoDB sink, over plain HTTP or HTTPS.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::cli {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

struct HttpCallOptions {
  std::string ca_file;                        // PEM CAs for HTTPS; "" = the system's
  std::chrono::milliseconds timeout{60'000};  // for the whole exchange, connect included
};

struct HttpConnection;  // an open connection (http_client.cc)

// Exchanges with one server over one kept-alive connection, opened at the first exchange and
// again whenever the server closed it or an exchange failed: one TCP (and TLS) handshake for many
// requests, for a caller that talks to the same server again and again (the DynamoDB sink,
// `vigil simulate --send`). `server` and the errors are as HttpExchange's. A request that fails
// on a connection an earlier exchange used (the server may have closed it meanwhile) is sent once
// more on a new connection, so send only requests that may safely arrive twice. One exchange at
// a time: not thread-safe.
class HttpSession {
 public:
  HttpSession(std::string server, HttpCallOptions options);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  Result<HttpReply> Exchange(const std::string& method, const std::string& target,
                             const std::string& body,
                             const std::vector<std::pair<std::string, std::string>>& headers);
  // Connections opened so far (1 for any number of exchanges the server kept alive).
  int connections_opened() const { return connections_opened_; }

 private:
  Result<HttpReply> ExchangeOnce(const std::string& method, const std::string& target,
                                 const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers);

  std::string server_;
  HttpCallOptions options_;
  std::unique_ptr<HttpConnection> connection_;
  int connections_opened_ = 0;
};

// One request and its reply, on a connection of its own. `server` is as HttpCall's; connection
// and TLS errors are kUnavailable naming the server, what failed ("cannot reach the server at",
// "TLS handshake failed with", "cannot use the CA file for") and the cause. A header of
// `headers` replaces the default of the same name (Host is "host" without the port otherwise).
Result<HttpReply> HttpExchange(const std::string& server, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HttpCallOptions& options);

// An error of an exchange with `server` (kUnavailable), with a hint at the fix for a CLI user:
// is the server running, is its CA given (`ca_file`), is it speaking HTTPS.
Error WithCliHint(const Error& error, const std::string& server, const std::string& ca_file);

// HttpExchange for the CLI commands, with a 60 s timeout and errors that hint at the fix.
// `server` is "http://host[:port]" (port 80 by default), "https://host[:port]" (443) or
// "host:port" (plain HTTP). Over HTTPS the server's certificate must be valid for `host` and be
// signed by a CA of `ca_file` (PEM) when it is set, else by one the system trusts. Connection
// and TLS errors are kUnavailable naming the server and the cause; any HTTP status is a
// successful reply for the caller to read.
Result<HttpReply> HttpCall(const std::string& server, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& ca_file = "");

}  // namespace vigil::cli
