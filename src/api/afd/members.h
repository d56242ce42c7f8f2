// Reading members of a validated AFD request, and the pieces AFD's answers share: ARNs, times
// and page tokens. The input validator has already checked types, lengths and patterns, so
// readers only pick values out (a member of the wrong type reads as absent).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::api::afd {

std::string Text(const boost::json::object& o, std::string_view key, std::string fallback = {});
std::optional<std::string> OptionalText(const boost::json::object& o, std::string_view key);
std::vector<std::string> TextList(const boost::json::object& o, std::string_view key);
// The inverse of TextList: a JSON array of the strings.
boost::json::array TextArray(const std::vector<std::string>& texts);
std::optional<int64_t> OptionalInteger(const boost::json::object& o, std::string_view key);
bool Flag(const boost::json::object& o, std::string_view key, bool fallback = false);
const boost::json::object* Object(const boost::json::object& o, std::string_view key);
const boost::json::array* Array(const boost::json::object& o, std::string_view key);

// A version number member (ruleVersion, detectorVersionId), which the model's pattern
// ^([1-9][0-9]*)$ with at most 5 digits has already checked; 0 for an empty one.
int VersionNumber(const std::string& text);

// An AFD timestamp member (ISO-8601) in microseconds; InvalidArgument naming `key` otherwise.
Result<int64_t> TimeMember(const boost::json::object& o, std::string_view key);
// AFD's time strings: ISO-8601 UTC.
std::string TimeText(int64_t micros);
// "arn:aws:frauddetector:vigil:000000000000:<resource>/<name>": the shape of AFD's ARNs (which
// clients and tags match with the model's ARN pattern); Vigil has no region or account.
std::string Arn(std::string_view resource, std::string_view name);

// One page of a name-ordered map: the items after the page token (the last name of the page
// before), at most maxResults (else `default_size`); nextToken when more follow.
// `to_json` turns an element into its AFD shape. InvalidArgument for a token that names nothing
// this listing could have returned.
template <typename Map, typename ToJson>
Result<boost::json::object> NamePage(const Map& map, const boost::json::object& input,
                                     std::string_view items_key, size_t default_size,
                                     ToJson to_json) {
  const std::string token = Text(input, "nextToken");
  const size_t size = static_cast<size_t>(
      OptionalInteger(input, "maxResults").value_or(static_cast<int64_t>(default_size)));
  auto it = token.empty() ? map.begin() : map.upper_bound(token);
  boost::json::array items;
  for (; it != map.end() && items.size() < size; ++it) {
    if (auto item = to_json(it->second)) items.push_back(std::move(*item));
  }
  boost::json::object page{{items_key, std::move(items)}};
  if (it != map.end() && !page[items_key].get_array().empty())
    page["nextToken"] = std::prev(it)->first;
  return page;
}

// One page of `total` items in a fixed order, whose page token is the number of items listed
// before: items [token, token + maxResults (else `default_size`)), each made by `item(i)`.
// InvalidArgument for a token this listing cannot have given.
Result<boost::json::object> IndexPage(size_t total, const boost::json::object& input,
                                      std::string_view items_key, size_t default_size,
                                      const std::function<boost::json::value(size_t)>& item);

}  // namespace vigil::api::afd
