// A small blocking HTTP/1.1 client for the CLI commands that talk to a running server
// (apply, export, keys over the API), over plain HTTP or HTTPS.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::cli {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

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
