// Splits the bytes a keep-alive HTTP/1.1 connection receives into responses, incrementally: bytes
// may arrive in any pieces, several (pipelined) responses in one piece. Knows only what a load
// generator needs: the status code, the body's length from Content-Length (bodies are skipped),
// and whether the server closes the connection after the response; interim 1xx responses are
// skipped. A response without
// Content-Length (chunked, or delimited by the close) is refused, as is anything that is not
// HTTP/1.x or a header section over kMaxHeaderBytes.
//
// Not thread-safe; one per connection. After an error the parser stays failed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::loadgen {

struct Response {
  int status = 0;
  bool close = false;  // "Connection: close": no further response on this connection
};

class ResponseParser {
 public:
  static constexpr size_t kMaxHeaderBytes = 64 * 1024;

  // Consumes `bytes` and appends every response they complete to `out`, in order. On error
  // (kInvalidArgument, saying what was wrong) `out` still holds the responses completed before.
  Status Feed(std::string_view bytes, std::vector<Response>& out);

  // True between responses: no partial response is buffered.
  bool Idle() const { return header_.empty() && !in_body_ && !failed_; }

 private:
  // Parses the complete header section in header_ into current_ and body_left_.
  Status ParseHeader();

  std::string header_;  // bytes of the header section read so far
  uint64_t body_left_ = 0;
  bool in_body_ = false;
  Response current_;
  bool failed_ = false;
};

}  // namespace vigil::loadgen
