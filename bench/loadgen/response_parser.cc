#include "response_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace vigil::loadgen {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when the comma-separated `value` holds `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (IEquals(Trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

Status ResponseParser::Feed(std::string_view bytes, std::vector<Response>& out) {
  if (failed_) return Fail(ErrorCode::kInvalidArgument, "the connection's response stream failed");
  while (!bytes.empty()) {
    if (in_body_) {
      const auto take = static_cast<size_t>(std::min<uint64_t>(body_left_, bytes.size()));
      body_left_ -= take;
      bytes.remove_prefix(take);
      if (body_left_ == 0) {
        in_body_ = false;
        out.push_back(current_);
      }
      continue;
    }
    // Header bytes up to and including the blank line. The end may straddle two pieces, so it
    // is searched for in what is buffered plus the new bytes, from a little before the new ones.
    const size_t before = header_.size();
    const size_t take = std::min(bytes.size(), kMaxHeaderBytes + 4 - before);
    header_.append(bytes.substr(0, take));
    const size_t end = header_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
    if (end == std::string::npos) {
      if (header_.size() > kMaxHeaderBytes) {
        failed_ = true;
        return Fail(ErrorCode::kInvalidArgument,
                    "response header section over " + std::to_string(kMaxHeaderBytes) + " bytes");
      }
      bytes.remove_prefix(take);
      continue;
    }
    const size_t used = end + 4 - before;  // of the new bytes
    header_.resize(end + 4);
    bytes.remove_prefix(used);
    if (Status status = ParseHeader(); !status) {
      failed_ = true;
      return status;
    }
    header_.clear();
    if (current_.status < 200) continue;  // an interim response (100 Continue): not an answer
    if (body_left_ == 0) {
      out.push_back(current_);
    } else {
      in_body_ = true;
    }
  }
  return {};
}

Status ResponseParser::ParseHeader() {
  std::string_view rest(header_);
  const size_t line_end = rest.find("\r\n");
  const std::string_view status_line = rest.substr(0, line_end);
  rest.remove_prefix(line_end + 2);
  // "HTTP/1.1 200 OK": the version, a space, three digits.
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ') {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed status line: \"" + std::string(status_line.substr(0, 80)) + "\"");
  }
  int status = 0;
  const char* digits = status_line.data() + 9;
  const auto [ptr, ec] = std::from_chars(digits, digits + 3, status);
  if (ec != std::errc() || ptr != digits + 3 || status < 100 || status > 999 ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed status code in \"" + std::string(status_line.substr(0, 80)) + "\"");
  }
  current_ = Response{status, status_line.starts_with("HTTP/1.0")};
  bool have_length = false;
  body_left_ = 0;
  while (true) {
    const size_t eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    if (line.empty()) break;  // the blank line ending the section
    rest.remove_prefix(eol + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "malformed header line: \"" + std::string(line.substr(0, 80)) + "\"");
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      uint64_t length = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error != std::errc() || end != value.data() + value.size() || value.empty() ||
          (have_length && length != body_left_)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "malformed Content-Length: \"" + std::string(value.substr(0, 40)) + "\"");
      }
      have_length = true;
      body_left_ = length;
    } else if (IEquals(name, "transfer-encoding")) {
      return Fail(ErrorCode::kInvalidArgument,
                  "Transfer-Encoding \"" + std::string(value.substr(0, 40)) +
                      "\" is not supported: the server must send Content-Length");
    } else if (IEquals(name, "connection")) {
      if (HasToken(value, "close")) current_.close = true;
      if (HasToken(value, "keep-alive")) current_.close = false;
    }
  }
  // 1xx, 204 and 304 have no body; every other response must say how long it is.
  const bool bodiless = status < 200 || status == 204 || status == 304;
  if (!have_length && !bodiless) {
    return Fail(ErrorCode::kInvalidArgument,
                "response " + std::to_string(status) +
                    " has no Content-Length: the server must send one (keep-alive)");
  }
  if (bodiless) body_left_ = 0;
  return {};
}

}  // namespace vigil::loadgen
