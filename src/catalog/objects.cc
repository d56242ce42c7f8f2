#include "catalog/objects.h"

#include "catalog/codec.h"
#include "core/json.h"

namespace vigil::catalog {

namespace {

std::string Id(const std::string& name) { return name; }

template <typename Key, typename T, typename IdOf>
void DiffMap(const char* kind, const std::map<Key, T>& before, const std::map<Key, T>& after,
             IdOf id_of, std::vector<ObjectChange>& out) {
  for (const auto& [key, value] : after) {
    auto it = before.find(key);
    if (it == before.end() || !(it->second == value)) {
      out.push_back({kind, id_of(value), boost::json::serialize(ToJson(value))});
    }
  }
  for (const auto& [key, value] : before) {
    if (!after.contains(key)) out.push_back({kind, id_of(value), std::nullopt});
  }
}

std::string RuleId(const RuleVersion& r) {
  return r.detector_id + "/" + r.rule_id + "/" + std::to_string(r.version);
}
std::string VersionId(const DetectorVersion& v) {
  return v.detector_id + "/" + std::to_string(v.version);
}
std::string ModelVersionId(const ModelVersion& v) { return v.model_id + "/" + v.version; }

template <typename T>
Status Insert(std::map<std::string, T>& into, const std::string& key, const boost::json::value& j,
              const StoredObject& object) {
  auto v = FromJson<T>(j, object.kind + " " + object.id);
  if (!v) return std::unexpected(v.error());
  into[key] = std::move(*v);
  return {};
}

}  // namespace

Result<Catalog> CatalogFromObjects(const std::vector<StoredObject>& objects) {
  Catalog c;
  for (const auto& object : objects) {
    VIGIL_TRY(j, json::Parse(object.json));
    const std::string& k = object.kind;
    if (k == "entity_type") {
      VIGIL_CHECK(Insert(c.entity_types, object.id, j, object));
    } else if (k == "label") {
      VIGIL_CHECK(Insert(c.labels, object.id, j, object));
    } else if (k == "outcome") {
      VIGIL_CHECK(Insert(c.outcomes, object.id, j, object));
    } else if (k == "variable") {
      VIGIL_CHECK(Insert(c.variables, object.id, j, object));
    } else if (k == "event_type") {
      VIGIL_CHECK(Insert(c.event_types, object.id, j, object));
    } else if (k == "list") {
      VIGIL_CHECK(Insert(c.lists, object.id, j, object));
    } else if (k == "detector") {
      VIGIL_CHECK(Insert(c.detectors, object.id, j, object));
    } else if (k == "rule_version") {
      VIGIL_TRY(r, FromJson<RuleVersion>(j, k + " " + object.id));
      c.rules[{r.detector_id, r.rule_id}][r.version] = r;
    } else if (k == "model") {
      VIGIL_TRY(m, FromJson<Model>(j, k + " " + object.id));
      c.models[m.model_id] = std::move(m);
    } else if (k == "model_version") {
      VIGIL_TRY(v, FromJson<ModelVersion>(j, k + " " + object.id));
      c.model_versions[v.model_id][v.version] = std::move(v);
    } else if (k == "detector_version") {
      VIGIL_TRY(v, FromJson<DetectorVersion>(j, k + " " + object.id));
      c.detector_versions[v.detector_id][v.version] = v;
    }
  }
  return c;
}

std::vector<ObjectChange> Diff(const Catalog& before, const Catalog& after) {
  std::vector<ObjectChange> out;
  DiffMap("entity_type", before.entity_types, after.entity_types,
          [](const EntityType& v) { return Id(v.name); }, out);
  DiffMap("label", before.labels, after.labels, [](const Label& v) { return Id(v.name); }, out);
  DiffMap("outcome", before.outcomes, after.outcomes, [](const Outcome& v) { return Id(v.name); },
          out);
  DiffMap("variable", before.variables, after.variables,
          [](const Variable& v) { return Id(v.name); }, out);
  DiffMap("event_type", before.event_types, after.event_types,
          [](const EventType& v) { return Id(v.name); }, out);
  DiffMap("list", before.lists, after.lists, [](const List& v) { return Id(v.name); }, out);
  DiffMap("detector", before.detectors, after.detectors,
          [](const Detector& v) { return Id(v.detector_id); }, out);
  // Versioned objects: flatten the nested maps, then diff.
  std::map<std::string, RuleVersion> rules_before, rules_after;
  for (const auto& [key, versions] : before.rules)
    for (const auto& [n, r] : versions) rules_before[RuleId(r)] = r;
  for (const auto& [key, versions] : after.rules)
    for (const auto& [n, r] : versions) rules_after[RuleId(r)] = r;
  DiffMap("rule_version", rules_before, rules_after, RuleId, out);
  std::map<std::string, DetectorVersion> versions_before, versions_after;
  for (const auto& [id, versions] : before.detector_versions)
    for (const auto& [n, v] : versions) versions_before[VersionId(v)] = v;
  for (const auto& [id, versions] : after.detector_versions)
    for (const auto& [n, v] : versions) versions_after[VersionId(v)] = v;
  DiffMap("detector_version", versions_before, versions_after, VersionId, out);
  DiffMap("model", before.models, after.models, [](const Model& v) { return Id(v.model_id); },
          out);
  std::map<std::string, ModelVersion> models_before, models_after;
  for (const auto& [id, versions] : before.model_versions)
    for (const auto& [n, v] : versions) models_before[ModelVersionId(v)] = v;
  for (const auto& [id, versions] : after.model_versions)
    for (const auto& [n, v] : versions) models_after[ModelVersionId(v)] = v;
  DiffMap("model_version", models_before, models_after, ModelVersionId, out);
  return out;
}

}  // namespace vigil::catalog
