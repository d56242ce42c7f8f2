#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/time_format.h"

namespace vigil::log {

namespace {

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("vigil");
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

bool SetLevel(std::string_view name) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (name == Name(l)) {
      Logger().set_level(ToSpd(l));
      return true;
    }
  }
  return false;
}

void Write(Level level, std::string_view message, boost::json::object fields) {
  spdlog::logger& logger = Logger();
  if (!logger.should_log(ToSpd(level))) return;
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["time"] = FormatIso8601(SystemClock::Instance().NowMicros() / 1000 * 1000);
  line["level"] = Name(level);
  line["msg"] = message;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  logger.log(ToSpd(level), "{}", json::Serialize(line));
}

}  // namespace vigil::log
