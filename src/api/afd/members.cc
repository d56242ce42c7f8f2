#include "api/afd/members.h"

#include "core/time_format.h"
#include "core/value.h"

namespace vigil::api::afd {

namespace bj = boost::json;

std::string Text(const bj::object& o, std::string_view key, std::string fallback) {
  const bj::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
}

std::optional<std::string> OptionalText(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

boost::json::array TextArray(const std::vector<std::string>& texts) {
  boost::json::array out;
  for (const auto& text : texts) out.emplace_back(text);
  return out;
}

std::vector<std::string> TextList(const bj::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const bj::array* a = Array(o, key)) {
    for (const auto& v : *a) {
      if (v.is_string()) out.emplace_back(v.get_string());
    }
  }
  return out;
}

std::optional<int64_t> OptionalInteger(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->to_number<int64_t>();
}

bool Flag(const bj::object& o, std::string_view key, bool fallback) {
  const bj::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() ? v->get_bool() : fallback;
}

const bj::object* Object(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  return v != nullptr ? v->if_object() : nullptr;
}

const bj::array* Array(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  return v != nullptr ? v->if_array() : nullptr;
}

int VersionNumber(const std::string& text) { return text.empty() ? 0 : std::stoi(text); }

Result<int64_t> TimeMember(const bj::object& o, std::string_view key) {
  auto micros = ParseIso8601(Text(o, key));
  if (!micros) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(key) + " must be an ISO-8601 UTC timestamp: " + micros.error().message,
                std::string(key));
  }
  return *micros;
}

std::string TimeText(int64_t micros) { return FormatIso8601(micros); }

std::string Arn(std::string_view resource, std::string_view name) {
  return "arn:aws:frauddetector:vigil:000000000000:" + std::string(resource) + "/" +
         std::string(name);
}

Result<bj::object> IndexPage(size_t total, const bj::object& input, std::string_view items_key,
                             size_t default_size, const std::function<bj::value(size_t)>& item) {
  size_t first = 0;
  if (auto token = OptionalText(input, "nextToken")) {
    auto n = CoerceText(*token, DataType::kInteger);
    if (!n || n->integer() < 0 || static_cast<size_t>(n->integer()) > total) {
      return Fail(ErrorCode::kInvalidArgument, "nextToken is not a token this listing gave",
                  "nextToken");
    }
    first = static_cast<size_t>(n->integer());
  }
  const size_t size = static_cast<size_t>(
      OptionalInteger(input, "maxResults").value_or(static_cast<int64_t>(default_size)));
  bj::array items;
  size_t i = first;
  for (; i < total && items.size() < size; ++i) items.push_back(item(i));
  bj::object page{{items_key, std::move(items)}};
  if (i < total) page["nextToken"] = std::to_string(i);
  return page;
}

}  // namespace vigil::api::afd
