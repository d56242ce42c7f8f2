#include "catalog/detector_document.h"

#include <algorithm>
#include <map>
#include <set>

#include "catalog/codec.h"
#include "catalog/edits.h"
#include "catalog/model_edits.h"
#include "core/json.h"

namespace vigil::catalog {

namespace bj = boost::json;

namespace {

// What an entry of a list member is known by: rule_id for rules, name for everything else.
template <typename T>
const std::string& KeyOf(const T& v) {
  if constexpr (std::is_same_v<T, RuleVersion>) {
    return v.rule_id;
  } else if constexpr (std::is_same_v<T, Model>) {
    return v.model_id;
  } else {
    return v.name;
  }
}

// Reads a list member whose entries are objects of T, or (for name-only kinds) bare names.
// A name given twice is an error: Apply would put both, one after the other, so the document
// would never match the catalog and every apply would change it again.
template <typename T>
Result<std::vector<T>> ReadObjects(json::ObjectReader& r, std::string_view key) {
  std::vector<T> out;
  const bj::value* list = r.Member(key);
  if (list == nullptr || list->is_null()) return out;
  if (!list->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, r.FieldPath(key) + " must be a list", r.FieldPath(key));
  }
  std::map<std::string, size_t> first_at;
  for (size_t i = 0; i < list->get_array().size(); ++i) {
    const bj::value& e = list->get_array()[i];
    std::string where = r.FieldPath(key) + "[" + std::to_string(i) + "]";
    T named;
    bool bare_name = false;
    if constexpr (std::is_same_v<T, EntityType> || std::is_same_v<T, Label> ||
                  std::is_same_v<T, Outcome>) {
      bare_name = e.is_string();
      if (bare_name) named.name = std::string(e.get_string());
    }
    if (!bare_name) {
      VIGIL_TRY(v, FromJson<T>(e, where));
      named = std::move(v);
    }
    auto [first, inserted] = first_at.emplace(KeyOf(named), i);
    if (!inserted) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": " + KeyOf(named) + " is already defined by " + r.FieldPath(key) + "[" +
                      std::to_string(first->second) + "]",
                  where);
    }
    out.push_back(std::move(named));
  }
  return out;
}

template <typename T>
bool SameContent(const T& a, T b) {
  b.stamps = a.stamps;
  return a == b;
}

template <typename T>
Status PutIfChanged(Catalog& c, std::map<std::string, T>& map, const std::string& key, T value,
                    const char* what, int64_t now, ApplyReport& report) {
  auto it = map.find(key);
  if (it != map.end() && SameContent(it->second, value)) return {};
  const bool created = it == map.end();
  if constexpr (std::is_same_v<T, Model>) {
    VIGIL_CHECK(PutModel(c, std::move(value), now));
  } else {
    VIGIL_CHECK(Put(c, std::move(value), now));
  }
  report.changes.push_back(std::string(what) + " " + key + (created ? ": created" : ": updated"));
  return {};
}

// Prefixes an error's field with where it is in the document.
template <typename T>
Result<T> At(Result<T> r, const std::string& where) {
  if (!r) {
    Error e = r.error();
    e.field = e.field.empty() ? where : where + "." + e.field;
    e.message = where + ": " + e.message;
    return std::unexpected(std::move(e));
  }
  return r;
}

Status ApplyRules(Catalog& c, const DetectorDocument& doc, int64_t now, ApplyReport& report) {
  for (size_t i = 0; i < doc.rules.size(); ++i) {
    RuleVersion rule = doc.rules[i];
    rule.detector_id = doc.detector.detector_id;
    const std::string where = "rules[" + std::to_string(i) + "]";
    const auto* versions = c.FindRuleVersions(rule.detector_id, rule.rule_id);
    if (versions == nullptr || versions->empty()) {
      VIGIL_CHECK(At(CreateRule(c, rule, now), where));
      report.changes.push_back("rule " + rule.rule_id + ": created version 1");
      continue;
    }
    const RuleVersion& latest = versions->rbegin()->second;
    if (latest.expression != rule.expression || latest.outcomes != rule.outcomes) {
      VIGIL_TRY(n, At(UpdateRuleVersion(c, rule, now), where));
      report.changes.push_back("rule " + rule.rule_id + ": created version " + std::to_string(n));
    } else if (latest.description != rule.description) {
      VIGIL_CHECK(At(UpdateRuleMetadata(c, rule.detector_id, rule.rule_id, rule.description, now), where));
      report.changes.push_back("rule " + rule.rule_id + ": description updated");
    }
  }
  return {};
}

bool SameVersionContent(const DetectorVersion& a, const DetectorVersion& b) {
  return a.rules == b.rules && a.model_versions == b.model_versions &&
         a.execution_mode == b.execution_mode && a.default_outcome == b.default_outcome &&
         a.description == b.description;
}

Status ApplyVersion(Catalog& c, const DetectorDocument& doc, int64_t now, ApplyReport& report) {
  if (!doc.version) return {};
  DetectorVersion wanted = *doc.version;
  wanted.detector_id = doc.detector.detector_id;
  const VersionStatus desired = wanted.status;
  for (auto& ref : wanted.rules) {  // version 0: the rule's latest version, i.e. as in this file
    if (ref.version != 0) continue;
    const auto* versions = c.FindRuleVersions(wanted.detector_id, ref.rule_id);
    if (versions == nullptr || versions->empty()) {
      return Fail(ErrorCode::kNotFound, "version.rules: rule '" + ref.rule_id +
                                            "' is neither in this file nor in detector '" +
                                            wanted.detector_id + "'", "version.rules");
    }
    ref.version = versions->rbegin()->first;
  }
  int number = 0;
  auto existing = c.detector_versions.find(wanted.detector_id);
  if (existing != c.detector_versions.end()) {
    for (const auto& [n, v] : existing->second) {
      if (SameVersionContent(v, wanted)) number = n;
    }
    if (number == 0 && !existing->second.empty() &&
        existing->second.rbegin()->second.status == VersionStatus::kDraft) {
      number = existing->second.rbegin()->first;
      wanted.version = number;
      VIGIL_CHECK(At(UpdateDetectorVersion(c, wanted, now), std::string("version")));
      report.changes.push_back("detector version " + std::to_string(number) + ": DRAFT updated");
    }
  }
  if (number == 0) {
    VIGIL_TRY(n, At(CreateDetectorVersion(c, wanted, now), std::string("version")));
    number = n;
    report.changes.push_back("detector version " + std::to_string(number) + ": created");
  }
  const DetectorVersion* current = c.FindDetectorVersion(wanted.detector_id, number);
  if (desired != VersionStatus::kDraft && current->status != desired) {
    VIGIL_CHECK(At(SetDetectorVersionStatus(c, wanted.detector_id, number, desired, now),
                   std::string("version.status")));
    report.changes.push_back("detector version " + std::to_string(number) + ": " +
                             VersionStatusName(desired));
  }
  report.detector_version = number;
  return {};
}

// models[i].versions, each a model version as the admin API takes it: taken out of `json` (a
// Model has none) and read with their model's id. A file reference (`file: PATH`) is resolved
// before a document gets here, by whoever read the file (catalog/detector_file.h).
Result<std::vector<ModelVersion>> TakeModelVersions(bj::value& json) {
  std::vector<ModelVersion> out;
  bj::value* models = json.is_object() ? json.as_object().if_contains("models") : nullptr;
  if (models == nullptr || !models->is_array()) return out;  // ReadObjects says what is wrong
  for (size_t i = 0; i < models->as_array().size(); ++i) {
    bj::object* model = models->as_array()[i].if_object();
    if (model == nullptr || !model->contains("versions")) continue;
    const std::string where = "models[" + std::to_string(i) + "].versions";
    bj::value versions = std::move(model->at("versions"));
    model->erase("versions");
    if (!versions.is_array()) return Fail(ErrorCode::kInvalidArgument, where + " must be a list", where);
    const bj::value* model_id = model->if_contains("model_id");
    for (size_t j = 0; j < versions.as_array().size(); ++j) {
      const std::string at = where + "[" + std::to_string(j) + "]";
      bj::object* version = versions.as_array()[j].if_object();
      if (version == nullptr) {
        return Fail(ErrorCode::kInvalidArgument, at + " must be a model version (an object)", at);
      }
      if (version->contains("file")) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ".file: a file is read by vigil apply and vigil serve --apply, which put "
                    "the version in its place; a document posted to the API holds the version "
                    "itself",
                    at + ".file");
      }
      if (!version->contains("model_version")) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ".model_version is required: a version in a file is named, so that "
                    "applying the file again changes nothing",
                    at + ".model_version");
      }
      if (const bj::value* own = version->if_contains("model_id");
          own != nullptr && model_id != nullptr && *own != *model_id) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ".model_id is not the model's (" + bj::serialize(*model_id) + ")",
                    at + ".model_id");
      }
      if (model_id != nullptr) (*version)["model_id"] = *model_id;
      VIGIL_TRY(v, FromJson<ModelVersion>(versions.as_array()[j], at));
      if (!IsServable(v.status)) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ".status: a version in a file is a trained one: TRAINING_COMPLETE "
                    "(the default) or ACTIVE",
                    at + ".status");
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

// A model version of a document is put once: applying it again changes nothing, and a file
// whose version differs from the one the catalog has under its number is refused, since trained
// versions do not change (a retrained model is a new version).
Status PutModelVersionIfNew(Catalog& c, const ModelVersion& v, int64_t now, ApplyReport& report) {
  const std::string name = "model version " + v.model_id + " " + v.version;
  if (const ModelVersion* old = c.FindModelVersion(v.model_id, v.version)) {
    const char* differs = old->scorer != v.scorer               ? "scorer"
                          : old->inputs != v.inputs             ? "inputs"
                          : old->label_schema != v.label_schema ? "label_schema"
                          : old->training_metrics != v.training_metrics ? "training_metrics"
                          : old->description != v.description   ? "description"
                                                                : nullptr;
    if (differs == nullptr) return {};
    return Fail(ErrorCode::kConflict,
                name + " exists with another " + differs +
                    ": a trained version does not change; give this one another model_version");
  }
  VIGIL_TRY(number, PutModelVersion(c, v, now));
  report.changes.push_back("model version " + v.model_id + " " + number + ": created");
  return {};
}

}  // namespace

Result<DetectorDocument> DocumentFromJson(const bj::value& json) {
  bj::value copy;
  const bool has_versions = [&] {
    const bj::value* models = json.is_object() ? json.as_object().if_contains("models") : nullptr;
    if (models == nullptr || !models->is_array()) return false;
    return std::any_of(models->as_array().begin(), models->as_array().end(),
                       [](const bj::value& m) { return m.is_object() && m.as_object().contains("versions"); });
  }();
  std::vector<ModelVersion> model_versions;
  if (has_versions) {
    copy = json;
    VIGIL_TRY(versions, TakeModelVersions(copy));
    model_versions = std::move(versions);
  }
  json::ObjectReader r(has_versions ? copy : json, "");
  VIGIL_CHECK(r.Check());
  DetectorDocument doc;
  doc.model_versions = std::move(model_versions);
  const bj::value* detector = r.Member("detector");
  if (detector == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "detector is required", "detector");
  }
  VIGIL_TRY(d, FromJson<Detector>(*detector, "detector"));
  doc.detector = std::move(d);
  VIGIL_TRY(entity_types, ReadObjects<EntityType>(r, "entity_types"));
  VIGIL_TRY(labels, ReadObjects<Label>(r, "labels"));
  VIGIL_TRY(outcomes, ReadObjects<Outcome>(r, "outcomes"));
  VIGIL_TRY(variables, ReadObjects<Variable>(r, "variables"));
  VIGIL_TRY(lists, ReadObjects<List>(r, "lists"));
  VIGIL_TRY(rules, ReadObjects<RuleVersion>(r, "rules"));
  VIGIL_TRY(models, ReadObjects<Model>(r, "models"));
  doc.models = std::move(models);
  doc.entity_types = std::move(entity_types);
  doc.labels = std::move(labels);
  doc.outcomes = std::move(outcomes);
  doc.variables = std::move(variables);
  doc.lists = std::move(lists);
  doc.rules = std::move(rules);
  if (const bj::value* e = r.Member("event_type"); e != nullptr && !e->is_null()) {
    VIGIL_TRY(event_type, FromJson<EventType>(*e, "event_type"));
    doc.event_type = std::move(event_type);
  }
  if (const bj::value* v = r.Member("version"); v != nullptr && !v->is_null()) {
    VIGIL_TRY(version, FromJson<DetectorVersion>(*v, "version"));
    doc.version = std::move(version);
  }
  VIGIL_CHECK(r.Finish());
  // A detector file's aggregates and derived variables are of its own events unless they say
  // otherwise.
  const std::string& own = doc.event_type ? doc.event_type->name : doc.detector.event_type;
  for (Variable& v : doc.variables) {
    if (v.aggregate && v.aggregate->event_type.empty()) v.aggregate->event_type = own;
    if (v.derived && v.derived->event_type.empty()) v.derived->event_type = own;
  }
  return doc;
}

Result<ApplyReport> Apply(Catalog& c, const DetectorDocument& doc, int64_t now) {
  ApplyReport report;
  auto step = [&](auto& items, auto& map, const char* kind, const char* what) -> Status {
    for (size_t i = 0; i < items.size(); ++i) {
      auto item = items[i];
      std::string key;
      if constexpr (requires { item.name; }) key = item.name;
      VIGIL_CHECK(At(PutIfChanged(c, map, key, std::move(item), what, now, report),
                     std::string(kind) + "[" + std::to_string(i) + "]"));
    }
    return {};
  };
  VIGIL_CHECK(step(doc.entity_types, c.entity_types, "entity_types", "entity type"));
  VIGIL_CHECK(step(doc.labels, c.labels, "labels", "label"));
  VIGIL_CHECK(step(doc.outcomes, c.outcomes, "outcomes", "outcome"));
  VIGIL_CHECK(step(doc.variables, c.variables, "variables", "variable"));
  if (doc.event_type) {
    VIGIL_CHECK(At(PutIfChanged(c, c.event_types, doc.event_type->name, *doc.event_type,
                                "event type", now, report),
                   std::string("event_type")));
  }
  VIGIL_CHECK(step(doc.lists, c.lists, "lists", "list"));
  for (size_t i = 0; i < doc.models.size(); ++i) {
    VIGIL_CHECK(At(PutIfChanged(c, c.models, doc.models[i].model_id, doc.models[i], "model", now,
                                report),
                   "models[" + std::to_string(i) + "]"));
  }
  for (const ModelVersion& v : doc.model_versions) {
    VIGIL_CHECK(PutModelVersionIfNew(c, v, now, report));
  }
  VIGIL_CHECK(At(PutIfChanged(c, c.detectors, doc.detector.detector_id, doc.detector, "detector",
                              now, report),
                 std::string("detector")));
  VIGIL_CHECK(ApplyRules(c, doc, now, report));
  VIGIL_CHECK(ApplyVersion(c, doc, now, report));
  return report;
}

namespace {

template <typename T>
bj::object Bare(const T& v) {
  bj::object o = ToJson(v);
  o.erase("created_time");
  o.erase("last_updated_time");
  return o;
}

}  // namespace

Result<bj::object> Export(const Catalog& c, const std::string& detector_id) {
  auto d = c.detectors.find(detector_id);
  if (d == c.detectors.end()) {
    return Fail(ErrorCode::kNotFound, "detector '" + detector_id + "' does not exist", "detector_id");
  }
  const EventType& event_type = c.event_types.at(d->second.event_type);
  bj::object doc;
  doc["detector"] = Bare(d->second);

  bj::array entity_types, labels, variables, lists, rules, outcomes;
  for (const auto& name : event_type.entity_types) entity_types.push_back(Bare(c.entity_types.at(name)));
  for (const auto& name : event_type.labels) labels.push_back(Bare(c.labels.at(name)));
  std::set<std::string> outcome_names, list_names;
  for (const auto& name : event_type.variables) variables.push_back(Bare(c.variables.at(name)));
  for (const auto& [name, v] : c.variables) {
    const bool own_aggregate = v.aggregate && v.aggregate->event_type == event_type.name;
    const bool own_derived = v.derived && v.derived->event_type == event_type.name;
    if (v.data_source == DataSource::kModelScore || own_aggregate || own_derived) {
      variables.push_back(Bare(v));
    }
  }
  const DetectorVersion* version = c.ActiveVersion(detector_id);
  auto versions = c.detector_versions.find(detector_id);
  if (version == nullptr && versions != c.detector_versions.end() && !versions->second.empty()) {
    version = &versions->second.rbegin()->second;
  }
  for (const auto& [key, rule_versions] : c.rules) {
    if (key.first != detector_id || rule_versions.empty()) continue;
    const RuleVersion& latest = rule_versions.rbegin()->second;
    bj::object rule = Bare(latest);
    rule.erase("detector_id");
    rule.erase("rule_version");
    rule.erase("language");
    rules.push_back(std::move(rule));
    outcome_names.insert(latest.outcomes.begin(), latest.outcomes.end());
    for (const auto& [name, list] : c.lists) {
      if (ExpressionUsesList(latest.expression, name)) list_names.insert(name);
    }
  }
  if (version != nullptr && !version->default_outcome.empty()) {
    outcome_names.insert(version->default_outcome);
  }
  for (const auto& name : outcome_names) outcomes.push_back(Bare(c.outcomes.at(name)));
  for (const auto& name : list_names) lists.push_back(Bare(c.lists.at(name)));
  doc["entity_types"] = std::move(entity_types);
  doc["labels"] = std::move(labels);
  doc["outcomes"] = std::move(outcomes);
  doc["variables"] = std::move(variables);
  doc["event_type"] = Bare(event_type);
  doc["lists"] = std::move(lists);
  doc["rules"] = std::move(rules);
  if (version != nullptr && !version->model_versions.empty()) {
    bj::array models;
    std::set<std::string> seen;
    for (const auto& ref : version->model_versions) {
      if (seen.insert(ref.model_id).second) models.push_back(Bare(c.models.at(ref.model_id)));
    }
    doc["models"] = std::move(models);
  }
  if (version != nullptr) {
    bj::object v = Bare(*version);
    v.erase("detector_id");
    v.erase("detector_version");
    bj::array refs;
    for (const auto& ref : version->rules) {
      const auto* all = c.FindRuleVersions(detector_id, ref.rule_id);
      if (all != nullptr && all->rbegin()->first == ref.version) {
        refs.emplace_back(ref.rule_id);  // the latest version: the rule as written above
      } else {
        refs.emplace_back(bj::object{{"rule_id", ref.rule_id},
                                     {"rule_version", std::to_string(ref.version)}});
      }
    }
    v["rules"] = std::move(refs);
    doc["version"] = std::move(v);
  }
  return doc;
}

}  // namespace vigil::catalog
