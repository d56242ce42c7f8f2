#include "api/admin_handler.h"

#include "api/admin_replies.h"
#include "api/catalog_kind.h"
#include "api/responses.h"
#include "catalog/codec.h"
#include "catalog/edits.h"
#include "core/json.h"

namespace vigil::api {

namespace bj = boost::json;
namespace beast_http = boost::beast::http;
using catalog::Catalog;

void NotFoundPath(const CallPtr& call) {
  call->Finish(ErrorResponse(call->request(),
                             Error{ErrorCode::kNotFound, "no such resource: " +
                                                             std::string(call->request().target()),
                                   ""}));
}

void MethodNotAllowed(const CallPtr& call) {
  auto response = ErrorResponse(
      call->request(), Error{ErrorCode::kInvalidArgument,
                             std::string(call->request().method_string()) + " is not allowed on " +
                                 std::string(call->request().target()),
                             ""});
  response.result(beast_http::status::method_not_allowed);
  call->Finish(std::move(response));
}

// Decodes the request body as T; the key member may be omitted (taken from the path) but must
// match it when given.
template <typename T>
Result<T> DecodeBody(const CallPtr& call, const std::string& key) {
  VIGIL_TRY(json, json::Parse(call->request().body()));
  if (json.is_object() && !key.empty()) {
    auto& o = json.get_object();
    if (auto it = o.find(Kind<T>::kKey); it == o.end()) {
      o[Kind<T>::kKey] = key;
    } else if (!it->value().is_string() || it->value().get_string() != key) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(Kind<T>::kKey) + " in the body must match the path ('" + key + "')",
                  Kind<T>::kKey);
    }
  }
  return catalog::FromJson<T>(json);
}

template <typename T>
void AdminHandler::Named(const CallPtr& call, const std::vector<std::string>& segments) {
  const auto method = call->request().method();
  const auto snapshot = service_.Current();
  const auto& map = Kind<T>::Map(snapshot->catalog());
  if (segments.size() == 1) {
    if (method == beast_http::verb::get) {
      bj::array items;
      for (const auto& [name, object] : map) items.push_back(catalog::ToJson(object));
      return call->Finish(JsonResponse(call->request(), 200, bj::object{{"items", std::move(items)}}));
    }
    if (method != beast_http::verb::post) return MethodNotAllowed(call);
  } else if (segments.size() != 2) {
    return NotFoundPath(call);
  }
  const std::string key = segments.size() == 2 ? segments[1] : "";
  if (method == beast_http::verb::get) {
    auto it = map.find(key);
    if (it == map.end()) {
      return call->Finish(ErrorResponse(call->request(),
                                        Error{ErrorCode::kNotFound,
                                              std::string(Kind<T>::kWhat) + " '" + key +
                                                  "' does not exist", ""}));
    }
    return call->Finish(JsonResponse(call->request(), 200, catalog::ToJson(it->second)));
  }
  if (method == beast_http::verb::delete_) {
    auto s = service_.Edit([&](Catalog& c, int64_t) { return Kind<T>::Delete(c, key); });
    if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
    return call->Finish(EmptyResponse(call->request(), 204));
  }
  if (method != beast_http::verb::put && method != beast_http::verb::post) {
    return MethodNotAllowed(call);
  }
  auto object = DecodeBody<T>(call, key);
  if (!object) return call->Finish(ErrorResponse(call->request(), object.error()));
  std::string name;
  if constexpr (std::is_same_v<T, catalog::Detector>) {
    name = object->detector_id;
  } else {
    name = object->name;
  }
  bool created = false;
  auto s = service_.Edit([&](Catalog& c, int64_t now) -> Status {
    created = !Kind<T>::Map(c).contains(name);
    if (!created && method == beast_http::verb::post) {
      return Fail(ErrorCode::kAlreadyExists,
                  std::string(Kind<T>::kWhat) + " '" + name + "' already exists; PUT replaces it",
                  Kind<T>::kKey);
    }
    return catalog::Put(c, std::move(*object), now);
  });
  if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
  const auto& stored = Kind<T>::Map(service_.Current()->catalog()).at(name);
  call->Finish(JsonResponse(call->request(), created ? 201 : 200, catalog::ToJson(stored)));
}

void AdminHandler::ListElements(const CallPtr& call, const std::string& name) {
  if (call->request().method() != beast_http::verb::post) return MethodNotAllowed(call);
  auto json = json::Parse(call->request().body());
  if (!json) return call->Finish(ErrorResponse(call->request(), json.error()));
  json::ObjectReader r(*json, "");
  auto check = [&]() -> Result<std::pair<catalog::ListUpdateMode, std::vector<std::string>>> {
    VIGIL_CHECK(r.Check());
    VIGIL_TRY(mode, r.String("mode"));
    VIGIL_TRY(elements, r.StringList("elements", true));
    VIGIL_CHECK(r.Finish());
    if (mode == "APPEND") return std::pair(catalog::ListUpdateMode::kAppend, elements);
    if (mode == "REPLACE") return std::pair(catalog::ListUpdateMode::kReplace, elements);
    if (mode == "REMOVE") return std::pair(catalog::ListUpdateMode::kRemove, elements);
    return Fail(ErrorCode::kInvalidArgument, "mode must be APPEND, REPLACE or REMOVE", "mode");
  }();
  if (!check) return call->Finish(ErrorResponse(call->request(), check.error()));
  auto s = service_.Edit([&](Catalog& c, int64_t now) {
    return catalog::UpdateListElements(c, name, check->first, check->second, now);
  });
  if (!s) return call->Finish(ErrorResponse(call->request(), s.error()));
  call->Finish(JsonResponse(call->request(), 200,
                            catalog::ToJson(service_.Current()->catalog().lists.at(name))));
}

void AdminHandler::Handle(const CallPtr& call, const std::vector<std::string>& segments,
                          std::string_view query) {
  if (segments.empty()) return NotFoundPath(call);
  const std::string& kind = segments[0];
  call->route = "/v1/" + kind;
  if (kind == "apply" && segments.size() == 1) {
    if (call->request().method() != beast_http::verb::post) return MethodNotAllowed(call);
    return ApplyDocument(call);
  }
  if (kind == "detectors" && segments.size() >= 3) {
    std::vector<std::string> rest(segments.begin() + 3, segments.end());
    if (segments[2] == "rules") {
      call->route = "/v1/detectors/rules";
      return Rules(call, segments[1], rest);
    }
    if (segments[2] == "versions") {
      call->route = "/v1/detectors/versions";
      return Versions(call, segments[1], rest);
    }
    if (segments[2] == "export" && segments.size() == 3) {
      call->route = "/v1/detectors/export";
      if (call->request().method() != beast_http::verb::get) return MethodNotAllowed(call);
      return ExportDocument(call, segments[1], query);
    }
    return NotFoundPath(call);
  }
  if (kind == "lists" && segments.size() == 3 && segments[2] == "elements") {
    return ListElements(call, segments[1]);
  }
  if (kind == "jobs") return Jobs(call, segments);
  if (kind == "models" && segments.size() == 3 && segments[2] == "training") {
    call->route = "/v1/models/training";
    if (call->request().method() != beast_http::verb::post) return MethodNotAllowed(call);
    return Train(call, segments[1]);
  }
  if (kind == "models") {
    if (segments.size() >= 3) call->route = "/v1/models/versions";
    return Models(call, segments);
  }
  if (kind == "entity-types") return Named<catalog::EntityType>(call, segments);
  if (kind == "labels") return Named<catalog::Label>(call, segments);
  if (kind == "outcomes") return Named<catalog::Outcome>(call, segments);
  if (kind == "variables") return Named<catalog::Variable>(call, segments);
  if (kind == "event-types") return Named<catalog::EventType>(call, segments);
  if (kind == "lists") return Named<catalog::List>(call, segments);
  if (kind == "detectors") return Named<catalog::Detector>(call, segments);
  call->route = "unmatched";
  NotFoundPath(call);
}

}  // namespace vigil::api
