// A small blocking HTTP/1.1 client for the CLI commands that talk to a running server
// (apply, export, keys over the API), over plain HTTP or HTTPS.
#pragma once

#include <chrono>
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

// One request and its reply, on a connection of its own. `server` is as HttpCall's; connection
// and TLS errors are kUnavailable naming the server, what failed ("cannot reach the server at",
// "TLS handshake failed with", "cannot use the CA file for") and the cause. A header of
// `headers` replaces the default of the same name (Host is "host" without the port otherwise).
Result<HttpReply> HttpExchange(const std::string& server, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HttpCallOptions& options);

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
