// Structured logs: one JSON object per line on stderr, e.g.
//   {"time":"2026-11-28T12:00:00.123Z","level":"info","msg":"request","method":"POST",...}
// Thread-safe. Built on spdlog's asynchronous-safe sinks.
#pragma once

#include <boost/json.hpp>
#include <string_view>

namespace vigil::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the minimum level written ("debug", "info", "warn", "error"); false for an unknown name.
bool SetLevel(std::string_view name);

void Write(Level level, std::string_view message, boost::json::object fields = {});
inline void Info(std::string_view m, boost::json::object f = {}) { Write(Level::kInfo, m, std::move(f)); }
inline void Warn(std::string_view m, boost::json::object f = {}) { Write(Level::kWarn, m, std::move(f)); }
inline void Error(std::string_view m, boost::json::object f = {}) { Write(Level::kError, m, std::move(f)); }

}  // namespace vigil::log
