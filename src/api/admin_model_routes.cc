// The model part of the admin API: models, their versions and version status. See
// admin_handler.h for the routes and docs/api.md for the bodies.
#include "api/admin_handler.h"
#include "api/admin_replies.h"
#include "api/responses.h"
#include "catalog/codec.h"
#include "catalog/model_edits.h"
#include "core/duration.h"
#include "core/json.h"

namespace vigil::api {

namespace bj = boost::json;
namespace beast_http = boost::beast::http;
using catalog::Catalog;

namespace {

// The body as T, with the model id taken from the path (it must match when the body has it).
template <typename T>
Result<T> ModelBody(const CallPtr& call, const std::string& model_id) {
  VIGIL_TRY(json, json::Parse(call->request().body()));
  if (auto* o = json.if_object()) {
    if (auto it = o->find("model_id"); it == o->end()) {
      (*o)["model_id"] = model_id;
    } else if (!it->value().is_string() || it->value().get_string() != model_id) {
      return Fail(ErrorCode::kInvalidArgument,
                  "model_id in the body must match the path ('" + model_id + "')", "model_id");
    }
  }
  return catalog::FromJson<T>(json);
}

// A model with the summaries of its versions.
bj::object ModelJson(const Catalog& c, const catalog::Model& m) {
  bj::object o = catalog::ToJson(m);
  bj::array versions;
  if (auto it = c.model_versions.find(m.model_id); it != c.model_versions.end()) {
    for (const auto& [n, v] : it->second) versions.push_back(catalog::ToJson(v, false));
  }
  o["versions"] = std::move(versions);
  return o;
}

Result<catalog::ModelVersionStatus> StatusBody(const CallPtr& call) {
  VIGIL_TRY(json, json::Parse(call->request().body()));
  json::ObjectReader r(json, "");
  VIGIL_CHECK(r.Check());
  VIGIL_TRY(text, r.String("status"));
  VIGIL_CHECK(r.Finish());
  auto parsed = catalog::ParseModelVersionStatus(text);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument,
                "status must be ACTIVE, INACTIVE or TRAINING_CANCELLED, not '" + text + "'",
                "status");
  }
  return *parsed;
}

}  // namespace

void AdminHandler::Train(const CallPtr& call, const std::string& model_id) {
  auto fail = [&](const Error& e) { call->Finish(ErrorResponse(call->request(), e)); };
  if (training_ == nullptr || !training_->enabled()) {
    return fail({ErrorCode::kUnavailable, "this server does not train models", ""});
  }
  if (!service_.Current()->catalog().models.contains(model_id)) {
    return fail({ErrorCode::kNotFound, "model '" + model_id + "' does not exist", ""});
  }
  // The body is a model version's (inputs, label_schema, model_version, description) with the
  // training's own members, which are taken out first.
  auto json = json::Parse(call->request().body().empty() ? "{}" : call->request().body());
  if (!json) return fail(json.error());
  if (!json->is_object()) return fail({ErrorCode::kInvalidArgument, "the body must be an object", ""});
  bj::object& body = json->as_object();
  TrainingRequest request;
  request.model_id = model_id;
  if (auto it = body.find("holdout"); it != body.end()) {
    if (!it->value().is_number() || it->value().to_number<double>() <= 0 ||
        it->value().to_number<double>() >= 1) {
      return fail({ErrorCode::kInvalidArgument, "holdout must be a number between 0 and 1", "holdout"});
    }
    request.holdout_share = it->value().to_number<double>();
    body.erase(it);
  }
  if (auto it = body.find("gap"); it != body.end()) {
    auto gap = it->value().is_string() ? ParseDuration(it->value().get_string())
                                       : Result<int64_t>(std::unexpected(Error{ErrorCode::kInvalidArgument, "a duration such as \"7d\"", ""}));
    if (!gap) return fail({ErrorCode::kInvalidArgument, "gap: " + gap.error().message, "gap"});
    request.gap_micros = *gap;
    body.erase(it);
  }
  if (!body.contains("label_schema")) {
    body["label_schema"] = {{"fraud", bj::array{"fraud"}}, {"legit", bj::array{"legit"}}};
  }
  body["model_id"] = model_id;
  auto version = catalog::FromJson<catalog::ModelVersion>(*json);
  if (!version) return fail(version.error());
  request.inputs = version->inputs;
  request.label_schema = version->label_schema;
  auto started = training_->Start(std::move(request), std::move(*version));
  if (!started) return fail(started.error());
  call->Finish(JsonResponse(call->request(), 202,
                            bj::object{{"model_id", model_id},
                                       {"model_version", started->first},
                                       {"status", "TRAINING_IN_PROGRESS"},
                                       {"job_id", started->second}}));
}

void AdminHandler::Jobs(const CallPtr& call, const std::vector<std::string>& segments) {
  if (call->request().method() != beast_http::verb::get) return MethodNotAllowed(call);
  if (segments.size() > 2) return NotFoundPath(call);
  if (segments.size() == 1) {
    bj::array items;
    if (jobs_ != nullptr) {
      for (const JobStatus& j : jobs_->List()) items.push_back(j.ToJson());
    }
    return call->Finish(JsonResponse(call->request(), 200, bj::object{{"items", std::move(items)}}));
  }
  auto job = jobs_ == nullptr ? std::nullopt : jobs_->Get(segments[1]);
  if (!job) {
    return call->Finish(ErrorResponse(
        call->request(), {ErrorCode::kNotFound, "job '" + segments[1] + "' does not exist", ""}));
  }
  call->Finish(JsonResponse(call->request(), 200, job->ToJson()));
}

void AdminHandler::Models(const CallPtr& call, const std::vector<std::string>& segments) {
  const auto method = call->request().method();
  const auto snapshot = service_.Current();
  const Catalog& c = snapshot->catalog();
  auto fail = [&](const Error& e) { call->Finish(ErrorResponse(call->request(), e)); };
  if (segments.size() == 1) {
    if (method == beast_http::verb::get) {
      bj::array items;
      for (const auto& [id, m] : c.models) items.push_back(ModelJson(c, m));
      return call->Finish(JsonResponse(call->request(), 200, bj::object{{"items", std::move(items)}}));
    }
    if (method != beast_http::verb::post) return MethodNotAllowed(call);
  }
  const std::string model_id = segments.size() >= 2 ? segments[1] : "";
  if (segments.size() <= 2) {
    if (method == beast_http::verb::get) {
      auto it = c.models.find(model_id);
      if (it == c.models.end()) {
        return fail({ErrorCode::kNotFound, "model '" + model_id + "' does not exist", ""});
      }
      return call->Finish(JsonResponse(call->request(), 200, ModelJson(c, it->second)));
    }
    if (method == beast_http::verb::delete_) {
      auto s = service_.Edit([&](Catalog& next, int64_t) { return catalog::DeleteModel(next, model_id); });
      if (!s) return fail(s.error());
      return call->Finish(EmptyResponse(call->request(), 204));
    }
    if (method != beast_http::verb::put && method != beast_http::verb::post) {
      return MethodNotAllowed(call);
    }
    auto model = segments.size() == 2 ? ModelBody<catalog::Model>(call, model_id)
                                      : [&]() -> Result<catalog::Model> {
      VIGIL_TRY(json, json::Parse(call->request().body()));
      return catalog::FromJson<catalog::Model>(json);
    }();
    if (!model) return fail(model.error());
    const std::string id = model->model_id;
    bool created = false;
    auto s = service_.Edit([&](Catalog& next, int64_t now) -> Status {
      created = !next.models.contains(id);
      if (!created && method == beast_http::verb::post) {
        return Fail(ErrorCode::kAlreadyExists, "model '" + id + "' already exists; PUT replaces it",
                    "model_id");
      }
      return catalog::PutModel(next, std::move(*model), now);
    });
    if (!s) return fail(s.error());
    const Catalog& now = service_.Current()->catalog();
    return call->Finish(JsonResponse(call->request(), created ? 201 : 200,
                                     ModelJson(now, now.models.at(id))));
  }
  if (segments[2] != "versions" || segments.size() > 5) return NotFoundPath(call);
  auto version_json = [&](const std::string& version, bool full) {
    return catalog::ToJson(*service_.Current()->catalog().FindModelVersion(model_id, version), full);
  };
  if (segments.size() == 3) {
    if (method == beast_http::verb::get) {
      if (!c.models.contains(model_id)) {
        return fail({ErrorCode::kNotFound, "model '" + model_id + "' does not exist", ""});
      }
      return call->Finish(JsonResponse(call->request(), 200,
                                       bj::object{{"items", ModelJson(c, c.models.at(model_id))
                                                                .at("versions")}}));
    }
    if (method != beast_http::verb::post) return MethodNotAllowed(call);
    auto version = ModelBody<catalog::ModelVersion>(call, model_id);
    if (!version) return fail(version.error());
    std::string number;
    auto s = service_.Edit([&](Catalog& next, int64_t now) -> Status {
      VIGIL_TRY(n, catalog::PutModelVersion(next, std::move(*version), now));
      number = n;
      return {};
    });
    if (!s) return fail(s.error());
    return call->Finish(JsonResponse(call->request(), 201, version_json(number, false)));
  }
  const std::string& version = segments[3];
  if (segments.size() == 5) {
    if (segments[4] != "status") return NotFoundPath(call);
    if (method != beast_http::verb::put && method != beast_http::verb::post) {
      return MethodNotAllowed(call);
    }
    auto status = StatusBody(call);
    if (!status) return fail(status.error());
    auto s = service_.Edit([&](Catalog& next, int64_t now) {
      return catalog::SetModelVersionStatus(next, model_id, version, *status, now);
    });
    if (!s) return fail(s.error());
    return call->Finish(JsonResponse(call->request(), 200, version_json(version, false)));
  }
  if (method == beast_http::verb::get) {
    if (c.FindModelVersion(model_id, version) == nullptr) {
      return fail({ErrorCode::kNotFound, "model '" + model_id + "' has no version " + version, ""});
    }
    return call->Finish(JsonResponse(call->request(), 200,
                                     catalog::ToJson(*c.FindModelVersion(model_id, version))));
  }
  if (method == beast_http::verb::delete_) {
    auto s = service_.Edit([&](Catalog& next, int64_t) {
      return catalog::DeleteModelVersion(next, model_id, version);
    });
    if (!s) return fail(s.error());
    return call->Finish(EmptyResponse(call->request(), 204));
  }
  MethodNotAllowed(call);
}

}  // namespace vigil::api
