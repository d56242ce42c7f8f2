// A small blocking HTTP/1.1 client for the CLI commands that talk to a running server
// (apply, export, keys over the API). Plain http:// only.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::cli {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

// `server` is "http://host:port" (or "host:port"). Connection errors are kUnavailable naming the
// server; any HTTP status is a successful reply for the caller to read.
Result<HttpReply> HttpCall(const std::string& server, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace vigil::cli
