// The detector-scoped part of the admin API: rules and their versions, detector versions and
// their status, detector files (apply and export). See admin_handler.h for the routes.
#include "api/admin_handler.h"
#include "api/admin_replies.h"
#include "api/responses.h"
#include "catalog/codec.h"
#include "catalog/detector_document.h"
#include "catalog/edits.h"
#include "core/json.h"
#include "core/yaml.h"

namespace vigil::api {

namespace bj = boost::json;
namespace beast_http = boost::beast::http;
using catalog::Catalog;

namespace {

Result<int> VersionNumber(const std::string& text, const char* field) {
  auto n = CoerceText(text, DataType::kInteger);
  if (!n || n->integer() < 1 || n->integer() > 99999) {
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a whole number", field);
  }
  return static_cast<int>(n->integer());
}

// Decodes the body as T; members the path already names may be left out of the body.
template <typename T>
Result<T> BodyAs(const CallPtr& call,
                 std::initializer_list<std::pair<const char*, std::string>> from_path = {}) {
  VIGIL_TRY(json, json::Parse(call->request().body()));
  if (auto* o = json.if_object()) {
    for (const auto& [key, value] : from_path) {
      if (!o->contains(key)) (*o)[key] = value;
    }
  }
  return catalog::FromJson<T>(json);
}

void Answer(const CallPtr& call, const Status& status, unsigned code, const bj::value& body) {
  if (!status) return call->Finish(ErrorResponse(call->request(), status.error()));
  call->Finish(JsonResponse(call->request(), code, body));
}

bj::object RuleJson(const std::map<int, catalog::RuleVersion>& versions) {
  bj::array all;
  for (const auto& [n, v] : versions) all.push_back(catalog::ToJson(v));
  const auto& latest = versions.rbegin()->second;
  return {{"rule_id", latest.rule_id},
          {"detector_id", latest.detector_id},
          {"latest_version", std::to_string(latest.version)},
          {"versions", std::move(all)}};
}

}  // namespace

void AdminHandler::Rules(const CallPtr& call, const std::string& detector_id,
                         const std::vector<std::string>& rest) {
  const auto method = call->request().method();
  const auto snapshot = service_.Current();
  const Catalog& c = snapshot->catalog();
  if (rest.empty()) {
    if (method == beast_http::verb::get) {
      bj::array items;
      for (const auto& [key, versions] : c.rules) {
        if (key.first == detector_id && !versions.empty()) items.push_back(RuleJson(versions));
      }
      return call->Finish(JsonResponse(call->request(), 200, bj::object{{"items", std::move(items)}}));
    }
    if (method != beast_http::verb::post) return MethodNotAllowed(call);
    auto rule = BodyAs<catalog::RuleVersion>(call);
    if (!rule) return call->Finish(ErrorResponse(call->request(), rule.error()));
    rule->detector_id = detector_id;
    auto s = service_.Edit([&](Catalog& next, int64_t now) { return catalog::CreateRule(next, *rule, now); });
    if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
    return Answer(call, s, 201,
                  catalog::ToJson(*service_.Current()->catalog().FindRule(detector_id, rule->rule_id, 1)));
  }
  const std::string& rule_id = rest[0];
  const auto* versions = c.FindRuleVersions(detector_id, rule_id);
  if (rest.size() == 1) {
    if (method == beast_http::verb::get) {
      if (versions == nullptr) {
        return call->Finish(ErrorResponse(call->request(),
                                          Error{ErrorCode::kNotFound, "rule '" + rule_id +
                                                "' does not exist in detector '" + detector_id + "'", ""}));
      }
      return call->Finish(JsonResponse(call->request(), 200, RuleJson(*versions)));
    }
    if (method == beast_http::verb::delete_) {
      auto s = service_.Edit([&](Catalog& next, int64_t) { return catalog::DeleteRule(next, detector_id, rule_id); });
      if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
      return call->Finish(EmptyResponse(call->request(), 204));
    }
    if (method == beast_http::verb::patch) {
      auto json = json::Parse(call->request().body());
      if (!json) return call->Finish(ErrorResponse(call->request(), json.error()));
      json::ObjectReader r(*json, "");
      auto description = [&]() -> Result<std::string> {
        VIGIL_CHECK(r.Check());
        VIGIL_TRY(d, r.String("description"));
        VIGIL_CHECK(r.Finish());
        return d;
      }();
      if (!description) return call->Finish(ErrorResponse(call->request(), description.error()));
      auto s = service_.Edit([&](Catalog& next, int64_t now) {
        return catalog::UpdateRuleMetadata(next, detector_id, rule_id, *description, now);
      });
      if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
      return call->Finish(JsonResponse(
          call->request(), 200, RuleJson(*service_.Current()->catalog().FindRuleVersions(detector_id, rule_id))));
    }
    return MethodNotAllowed(call);
  }
  if (rest[1] != "versions" || rest.size() > 3) return NotFoundPath(call);
  if (rest.size() == 3) {
    if (method != beast_http::verb::get) return MethodNotAllowed(call);
    auto n = VersionNumber(rest[2], "rule_version");
    if (!n) return call->Finish(ErrorResponse(call->request(), n.error()));
    const auto* rule = c.FindRule(detector_id, rule_id, *n);
    if (rule == nullptr) {
      return call->Finish(ErrorResponse(call->request(),
                                        Error{ErrorCode::kNotFound, "rule '" + rule_id + "' has no version " +
                                                                        rest[2], ""}));
    }
    return call->Finish(JsonResponse(call->request(), 200, catalog::ToJson(*rule)));
  }
  if (method != beast_http::verb::post) return MethodNotAllowed(call);
  auto rule = BodyAs<catalog::RuleVersion>(call, {{"rule_id", rule_id}});
  if (!rule) return call->Finish(ErrorResponse(call->request(), rule.error()));
  rule->detector_id = detector_id;
  rule->rule_id = rule_id;
  int number = 0;
  auto s = service_.Edit([&](Catalog& next, int64_t now) -> Status {
    VIGIL_TRY(n, catalog::UpdateRuleVersion(next, *rule, now));
    number = n;
    return {};
  });
  if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
  Answer(call, s, 201, catalog::ToJson(*service_.Current()->catalog().FindRule(detector_id, rule_id, number)));
}

void AdminHandler::Versions(const CallPtr& call, const std::string& detector_id,
                            const std::vector<std::string>& rest) {
  const auto method = call->request().method();
  const auto snapshot = service_.Current();
  const Catalog& c = snapshot->catalog();
  auto version_json = [&](int n) {
    return catalog::ToJson(*service_.Current()->catalog().FindDetectorVersion(detector_id, n));
  };
  if (rest.empty()) {
    if (method == beast_http::verb::get) {
      bj::array items;
      if (auto it = c.detector_versions.find(detector_id); it != c.detector_versions.end()) {
        for (const auto& [n, v] : it->second) items.push_back(catalog::ToJson(v));
      }
      return call->Finish(JsonResponse(call->request(), 200, bj::object{{"items", std::move(items)}}));
    }
    if (method != beast_http::verb::post) return MethodNotAllowed(call);
    auto version = BodyAs<catalog::DetectorVersion>(call);
    if (!version) return call->Finish(ErrorResponse(call->request(), version.error()));
    version->detector_id = detector_id;
    int number = 0;
    auto s = service_.Edit([&](Catalog& next, int64_t now) -> Status {
      VIGIL_TRY(n, catalog::CreateDetectorVersion(next, *version, now));
      number = n;
      return {};
    });
    if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
    return call->Finish(JsonResponse(call->request(), 201, version_json(number)));
  }
  auto number = VersionNumber(rest[0], "detector_version");
  if (!number) return call->Finish(ErrorResponse(call->request(), number.error()));
  if (rest.size() == 2 && rest[1] == "status") {
    if (method != beast_http::verb::put && method != beast_http::verb::post) return MethodNotAllowed(call);
    auto json = json::Parse(call->request().body());
    if (!json) return call->Finish(ErrorResponse(call->request(), json.error()));
    json::ObjectReader r(*json, "");
    auto status = [&]() -> Result<catalog::VersionStatus> {
      VIGIL_CHECK(r.Check());
      VIGIL_TRY(text, r.String("status"));
      VIGIL_CHECK(r.Finish());
      auto parsed = catalog::ParseVersionStatus(text);
      if (!parsed) return Fail(ErrorCode::kInvalidArgument, "status must be ACTIVE or INACTIVE", "status");
      return *parsed;
    }();
    if (!status) return call->Finish(ErrorResponse(call->request(), status.error()));
    auto s = service_.Edit([&](Catalog& next, int64_t now) {
      return catalog::SetDetectorVersionStatus(next, detector_id, *number, *status, now);
    });
    if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
    return call->Finish(JsonResponse(call->request(), 200, version_json(*number)));
  }
  if (rest.size() != 1) return NotFoundPath(call);
  if (method == beast_http::verb::get) {
    const auto* v = c.FindDetectorVersion(detector_id, *number);
    if (v == nullptr) {
      return call->Finish(ErrorResponse(call->request(),
                                        Error{ErrorCode::kNotFound, "detector '" + detector_id +
                                                                        "' has no version " + rest[0], ""}));
    }
    return call->Finish(JsonResponse(call->request(), 200, catalog::ToJson(*v)));
  }
  if (method == beast_http::verb::delete_) {
    auto s = service_.Edit([&](Catalog& next, int64_t) {
      return catalog::DeleteDetectorVersion(next, detector_id, *number);
    });
    if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
    return call->Finish(EmptyResponse(call->request(), 204));
  }
  if (method != beast_http::verb::put) return MethodNotAllowed(call);
  auto version = BodyAs<catalog::DetectorVersion>(call);
  if (!version) return call->Finish(ErrorResponse(call->request(), version.error()));
  version->detector_id = detector_id;
  version->version = *number;
  auto s = service_.Edit([&](Catalog& next, int64_t now) {
    return catalog::UpdateDetectorVersion(next, *version, now);
  });
  if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
  call->Finish(JsonResponse(call->request(), 200, version_json(*number)));
}

void AdminHandler::ApplyDocument(const CallPtr& call) {
  // YAML is a superset of JSON, so one parser reads both.
  auto json = YamlToJson(call->request().body());
  if (!json) return call->Finish(ErrorResponse(call->request(), json.error()));
  auto doc = catalog::DocumentFromJson(*json);
  if (!doc) return call->Finish(ErrorResponse(call->request(), doc.error()));
  catalog::ApplyReport report;
  auto s = service_.Edit([&](Catalog& next, int64_t now) -> Status {
    VIGIL_TRY(r, catalog::Apply(next, *doc, now));
    report = std::move(r);
    return {};
  });
  if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
  bj::array changes;
  for (const auto& line : report.changes) changes.emplace_back(line);
  bj::object body{{"detector_id", doc->detector.detector_id}, {"changes", std::move(changes)}};
  if (report.detector_version != 0) body["detector_version"] = std::to_string(report.detector_version);
  call->Finish(JsonResponse(call->request(), 200, body));
}

void AdminHandler::ExportDocument(const CallPtr& call, const std::string& detector_id,
                                  std::string_view query) {
  auto doc = catalog::Export(service_.Current()->catalog(), detector_id);
  if (!doc) return call->Finish(ErrorResponse(call->request(), doc.error()));
  if (query.find("format=json") != std::string_view::npos) {
    return call->Finish(JsonResponse(call->request(), 200, *doc));
  }
  call->Finish(TextResponse(call->request(), 200, JsonToYaml(*doc), "application/yaml"));
}

}  // namespace vigil::api
