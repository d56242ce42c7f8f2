// The /detect requests of a load run, seed-style like bench/http/detect.lua: request n (1, 2, ...)
// carries a fresh event id "<prefix>-<n>" and an amount, an IP address and an account that vary
// with n, so that the server decides (and stores) a different event every time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::loadgen {

// The JSON body of request n.
std::string DetectBody(std::string_view prefix, uint64_t n);

// A complete keep-alive HTTP/1.1 POST of `body` to `path` on 127.0.0.1:port.
std::string PostRequest(std::string_view path, int port, std::string_view body);

// A prefix that keeps one run's event ids apart from an earlier run's against the same store:
// "o<unix seconds>-<pid>".
std::string RunPrefix();

}  // namespace vigil::loadgen
