// JSON form of models and model versions (codec.h).
#include "catalog/codec.h"
#include "catalog/codec_parts.h"

namespace vigil::catalog {

namespace bj = boost::json;

namespace {

std::unexpected<Error> BadValue(json::ObjectReader& r, std::string_view key,
                                const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, r.FieldPath(key) + " " + message, r.FieldPath(key));
}

bj::value ParsedOrNull(const SharedText& text) {
  if (text.empty()) return nullptr;
  auto parsed = json::Parse(*text.text);
  return parsed ? std::move(*parsed) : bj::value(nullptr);
}

// An optional member that must be a JSON object, kept as text.
Result<SharedText> ObjectText(json::ObjectReader& r, std::string_view key) {
  const bj::value* v = r.Member(key);
  if (v == nullptr || v->is_null()) return SharedText{};
  if (!v->is_object()) return BadValue(r, key, "must be an object");
  return SharedText{std::make_shared<const std::string>(json::Serialize(*v))};
}

bj::object LabelSchemaJson(const LabelSchema& s) {
  return {{"fraud", Strings(s.fraud)},
          {"legit", Strings(s.legit)},
          {"unlabeled_events_treatment", UnlabeledTreatmentName(s.unlabeled)}};
}

Result<LabelSchema> ReadLabelSchema(json::ObjectReader& parent) {
  const bj::value* v = parent.Member("label_schema");
  LabelSchema s;
  if (v == nullptr || v->is_null()) return s;
  json::ObjectReader r(*v, parent.FieldPath("label_schema"));
  VIGIL_CHECK(r.Check());
  VIGIL_TRY(fraud, r.StringList("fraud", false));
  VIGIL_TRY(legit, r.StringList("legit", false));
  VIGIL_TRY(unlabeled, r.StringOr("unlabeled_events_treatment", "IGNORE"));
  VIGIL_CHECK(r.Finish());
  auto treatment = ParseUnlabeledTreatment(unlabeled);
  if (!treatment) {
    return BadValue(r, "unlabeled_events_treatment", "must be IGNORE, FRAUD, LEGIT or AUTO");
  }
  s.fraud = std::move(fraud);
  s.legit = std::move(legit);
  s.unlabeled = *treatment;
  return s;
}

}  // namespace

bj::object ToJson(const Model& v) {
  bj::object o{{"model_id", v.model_id},
               {"event_type", v.event_type},
               {"model_type", ModelTypeName(v.model_type)}};
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <>
Result<Model> FromJson<Model>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  Model v;
  VIGIL_TRY(model_id, r.String("model_id"));
  VIGIL_TRY(event_type, r.String("event_type"));
  VIGIL_TRY(type, r.StringOr("model_type", "TRANSACTION_FRAUD_INSIGHTS"));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  auto parsed = ParseModelType(type);
  if (!parsed) {
    return BadValue(r, "model_type",
                    "must be ONLINE_FRAUD_INSIGHTS, TRANSACTION_FRAUD_INSIGHTS or "
                    "ACCOUNT_TAKEOVER_INSIGHTS, not '" + type + "'");
  }
  v.model_id = std::move(model_id);
  v.event_type = std::move(event_type);
  v.model_type = *parsed;
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

bj::object ToJson(const ModelVersion& v, bool full) {
  bj::object o{{"model_id", v.model_id},
               {"model_version", v.version},
               {"status", ModelVersionStatusName(v.status)},
               {"inputs", Strings(v.inputs)}};
  if (!v.label_schema.fraud.empty() || !v.label_schema.legit.empty()) {
    o["label_schema"] = LabelSchemaJson(v.label_schema);
  }
  if (full && !v.training_metrics.empty()) o["training_metrics"] = ParsedOrNull(v.training_metrics);
  if (full && !v.scorer.empty()) o["scorer"] = ParsedOrNull(v.scorer);
  if (!v.description.empty()) o["description"] = v.description;
  PutStamps(o, v.stamps);
  return o;
}

template <>
Result<ModelVersion> FromJson<ModelVersion>(const bj::value& json, const std::string& path) {
  json::ObjectReader r(json, path);
  VIGIL_CHECK(r.Check());
  ModelVersion v;
  VIGIL_TRY(model_id, r.String("model_id"));
  VIGIL_TRY(version, r.StringOr("model_version", ""));
  VIGIL_TRY(status, r.StringOr("status", "TRAINING_COMPLETE"));
  VIGIL_TRY(inputs, r.StringList("inputs", true));
  VIGIL_TRY(label_schema, ReadLabelSchema(r));
  VIGIL_TRY(metrics, ObjectText(r, "training_metrics"));
  VIGIL_TRY(scorer, ObjectText(r, "scorer"));
  VIGIL_TRY(description, r.StringOr("description", ""));
  VIGIL_TRY(stamps, ReadStamps(r));
  VIGIL_CHECK(r.Finish());
  auto parsed = ParseModelVersionStatus(status);
  if (!parsed) {
    return BadValue(r, "status",
                    "must be one of AFD's model version statuses (TRAINING_IN_PROGRESS, "
                    "TRAINING_COMPLETE, ACTIVE, INACTIVE, ERROR, ...), not '" + status + "'");
  }
  v.model_id = std::move(model_id);
  v.version = std::move(version);
  v.status = *parsed;
  v.inputs = std::move(inputs);
  v.label_schema = std::move(label_schema);
  v.training_metrics = std::move(metrics);
  v.scorer = std::move(scorer);
  v.description = std::move(description);
  v.stamps = stamps;
  return v;
}

}  // namespace vigil::catalog
