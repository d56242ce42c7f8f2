#include "catalog/edits.h"

#include <algorithm>
#include <set>

#include "catalog/validation.h"
#include "core/names.h"

namespace vigil::catalog {

namespace {

std::unexpected<Error> InUse(const std::string& what, const std::string& name, const std::string& by) {
  return Fail(ErrorCode::kConflict, what + " '" + name + "' is used by " + by);
}

std::unexpected<Error> NotFound(const std::string& what, const std::string& name) {
  return Fail(ErrorCode::kNotFound, what + " '" + name + "' does not exist");
}

void Stamp(Stamps& stamps, const Stamps* previous, int64_t now) {
  stamps.created_micros = previous != nullptr ? previous->created_micros : now;
  stamps.updated_micros = now;
}

// Map and key of each named kind.
std::map<std::string, EntityType>& MapOf(Catalog& c, const EntityType*) { return c.entity_types; }
std::map<std::string, Label>& MapOf(Catalog& c, const Label*) { return c.labels; }
std::map<std::string, Outcome>& MapOf(Catalog& c, const Outcome*) { return c.outcomes; }
std::map<std::string, Variable>& MapOf(Catalog& c, const Variable*) { return c.variables; }
std::map<std::string, EventType>& MapOf(Catalog& c, const EventType*) { return c.event_types; }
std::map<std::string, List>& MapOf(Catalog& c, const List*) { return c.lists; }
std::map<std::string, Detector>& MapOf(Catalog& c, const Detector*) { return c.detectors; }
const std::string& KeyOf(const Detector& d) { return d.detector_id; }
template <typename T>
const std::string& KeyOf(const T& v) { return v.name; }

template <typename T>
Status Erase(std::map<std::string, T>& map, const std::string& name, const char* what) {
  if (map.erase(name) == 0) return NotFound(what, name);
  return {};
}

Status ResolveRuleRefs(const Catalog& c, DetectorVersion& v) {
  for (auto& ref : v.rules) {
    if (ref.version != 0) continue;
    const auto* versions = c.FindRuleVersions(v.detector_id, ref.rule_id);
    if (versions == nullptr || versions->empty()) {
      return Fail(ErrorCode::kNotFound, "rule '" + ref.rule_id + "' does not exist in detector '" +
                                            v.detector_id + "'", "rules");
    }
    ref.version = versions->rbegin()->first;
  }
  return {};
}

}  // namespace

template <typename T>
Status Put(Catalog& c, T object, int64_t now) {
  VIGIL_CHECK(Validate(object, c));
  auto& map = MapOf(c, static_cast<const T*>(nullptr));
  auto it = map.find(KeyOf(object));
  const T* previous = it == map.end() ? nullptr : &it->second;
  if constexpr (std::is_same_v<T, List>) {
    if (previous != nullptr && !previous->variable_type.empty() &&
        previous->variable_type != object.variable_type) {
      return Fail(ErrorCode::kConflict, "the variable_type of list '" + object.name +
                                            "' is " + previous->variable_type +
                                            " and cannot change once set", "variable_type");
    }
  }
  if constexpr (std::is_same_v<T, Variable>) {
    if (previous != nullptr && previous->data_source != object.data_source) {
      for (const auto& [n, e] : c.event_types) {
        if (std::ranges::count(e.variables, object.name)) {
          return InUse("variable", object.name, "event type '" + n + "'; its data_source cannot change");
        }
      }
    }
  }
  if constexpr (std::is_same_v<T, Detector>) {
    if (previous != nullptr && previous->event_type != object.event_type &&
        c.detector_versions.contains(object.detector_id)) {
      return Fail(ErrorCode::kConflict, "detector '" + object.detector_id +
                                            "' has versions; its event type cannot change",
                  "event_type");
    }
  }
  Stamp(object.stamps, previous ? &previous->stamps : nullptr, now);
  map[KeyOf(object)] = std::move(object);
  return {};
}

template Status Put<EntityType>(Catalog&, EntityType, int64_t);
template Status Put<Label>(Catalog&, Label, int64_t);
template Status Put<Outcome>(Catalog&, Outcome, int64_t);
template Status Put<Variable>(Catalog&, Variable, int64_t);
template Status Put<EventType>(Catalog&, EventType, int64_t);
template Status Put<List>(Catalog&, List, int64_t);
template Status Put<Detector>(Catalog&, Detector, int64_t);

Status DeleteEntityType(Catalog& c, const std::string& name) {
  for (const auto& [n, e] : c.event_types) {
    if (std::ranges::count(e.entity_types, name)) return InUse("entity type", name, "event type '" + n + "'");
  }
  return Erase(c.entity_types, name, "entity type");
}

Status DeleteLabel(Catalog& c, const std::string& name) {
  for (const auto& [n, e] : c.event_types) {
    if (std::ranges::count(e.labels, name)) return InUse("label", name, "event type '" + n + "'");
  }
  return Erase(c.labels, name, "label");
}

Status DeleteOutcome(Catalog& c, const std::string& name) {
  for (const auto& [key, versions] : c.rules) {
    for (const auto& [n, r] : versions) {
      if (std::ranges::count(r.outcomes, name)) {
        return InUse("outcome", name, "rule '" + r.rule_id + "' version " + std::to_string(n));
      }
    }
  }
  for (const auto& [id, versions] : c.detector_versions) {
    for (const auto& [n, v] : versions) {
      if (v.default_outcome == name) {
        return InUse("outcome", name, "detector '" + id + "' version " + std::to_string(n));
      }
    }
  }
  return Erase(c.outcomes, name, "outcome");
}

Status DeleteVariable(Catalog& c, const std::string& name) {
  if (auto v = c.variables.find(name); v != c.variables.end() &&
                                       v->second.data_source == DataSource::kModelScore) {
    const std::string model = name.substr(0, name.size() - std::string("_insightscore").size());
    if (c.models.contains(model)) {
      return InUse("variable", name, "model '" + model + "' (it goes when the model is deleted)");
    }
  }
  for (const auto& [n, e] : c.event_types) {
    if (std::ranges::count(e.variables, name)) return InUse("variable", name, "event type '" + n + "'");
  }
  return Erase(c.variables, name, "variable");
}

Status DeleteEventType(Catalog& c, const std::string& name) {
  for (const auto& [id, d] : c.detectors) {
    if (d.event_type == name) return InUse("event type", name, "detector '" + id + "'");
  }
  for (const auto& [id, m] : c.models) {
    if (m.event_type == name) return InUse("event type", name, "model '" + id + "'");
  }
  return Erase(c.event_types, name, "event type");
}

bool ExpressionUsesList(const std::string& expression, const std::string& list) {
  const std::string needle = "@" + list;
  for (size_t pos = expression.find(needle); pos != std::string::npos;
       pos = expression.find(needle, pos + 1)) {
    size_t end = pos + needle.size();
    char next = end < expression.size() ? expression[end] : ' ';
    bool continues = (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || next == '_';
    if (!continues) return true;
  }
  return false;
}

Status DeleteList(Catalog& c, const std::string& name) {
  for (const auto& [key, versions] : c.rules) {
    for (const auto& [n, r] : versions) {
      if (ExpressionUsesList(r.expression, name)) {
        return InUse("list", name, "rule '" + r.rule_id + "' version " + std::to_string(n));
      }
    }
  }
  return Erase(c.lists, name, "list");
}

Status DeleteDetector(Catalog& c, const std::string& detector_id) {
  if (!c.detectors.contains(detector_id)) return NotFound("detector", detector_id);
  auto versions = c.detector_versions.find(detector_id);
  if (versions != c.detector_versions.end() && !versions->second.empty()) {
    return Fail(ErrorCode::kConflict, "detector '" + detector_id +
                                          "' still has versions; delete them first");
  }
  for (const auto& [key, rule_versions] : c.rules) {
    if (key.first == detector_id) {
      return Fail(ErrorCode::kConflict, "detector '" + detector_id + "' still has rule '" +
                                            key.second + "'; delete its rules first");
    }
  }
  c.detector_versions.erase(detector_id);
  c.detectors.erase(detector_id);
  return {};
}

Status UpdateListElements(Catalog& c, const std::string& name, ListUpdateMode mode,
                          const std::vector<std::string>& elements, int64_t now) {
  auto it = c.lists.find(name);
  if (it == c.lists.end()) return NotFound("list", name);
  List next = it->second;
  if (mode == ListUpdateMode::kReplace) {
    next.elements = elements;
  } else if (mode == ListUpdateMode::kAppend) {
    std::set<std::string> present(next.elements.begin(), next.elements.end());
    for (const auto& e : elements) {
      if (present.insert(e).second) next.elements.push_back(e);
    }
  } else {
    std::set<std::string> gone(elements.begin(), elements.end());
    std::erase_if(next.elements, [&](const std::string& e) { return gone.contains(e); });
  }
  return Put(c, std::move(next), now);
}

Status CreateRule(Catalog& c, RuleVersion rule, int64_t now) {
  rule.version = 1;
  VIGIL_CHECK(Validate(rule, c));
  auto& versions = c.rules[{rule.detector_id, rule.rule_id}];
  if (!versions.empty()) {
    return Fail(ErrorCode::kAlreadyExists, "rule '" + rule.rule_id + "' already exists in detector '" +
                                               rule.detector_id + "'; add a version instead", "rule_id");
  }
  Stamp(rule.stamps, nullptr, now);
  versions[1] = std::move(rule);
  return {};
}

Result<int> UpdateRuleVersion(Catalog& c, RuleVersion next, int64_t now) {
  auto* versions = c.FindRuleVersions(next.detector_id, next.rule_id);
  if (versions == nullptr || versions->empty()) return NotFound("rule", next.rule_id);
  next.version = versions->rbegin()->first + 1;
  VIGIL_CHECK(Validate(next, c));
  Stamp(next.stamps, nullptr, now);
  int number = next.version;
  c.rules[{next.detector_id, next.rule_id}][number] = std::move(next);
  return number;
}

Status UpdateRuleMetadata(Catalog& c, const std::string& detector_id, const std::string& rule_id,
                          const std::string& description, int64_t now) {
  auto it = c.rules.find({detector_id, rule_id});
  if (it == c.rules.end() || it->second.empty()) return NotFound("rule", rule_id);
  RuleVersion& latest = it->second.rbegin()->second;
  latest.description = description;
  VIGIL_CHECK(Validate(latest, c));
  latest.stamps.updated_micros = now;
  return {};
}

Status DeleteRule(Catalog& c, const std::string& detector_id, const std::string& rule_id) {
  auto it = c.rules.find({detector_id, rule_id});
  if (it == c.rules.end()) return NotFound("rule", rule_id);
  auto versions = c.detector_versions.find(detector_id);
  if (versions != c.detector_versions.end()) {
    for (const auto& [n, v] : versions->second) {
      for (const auto& ref : v.rules) {
        if (ref.rule_id == rule_id) {
          return InUse("rule", rule_id, "detector version " + std::to_string(n));
        }
      }
    }
  }
  c.rules.erase(it);
  return {};
}

Result<int> CreateDetectorVersion(Catalog& c, DetectorVersion version, int64_t now) {
  if (!c.detectors.contains(version.detector_id)) {
    return Fail(ErrorCode::kNotFound, "detector '" + version.detector_id + "' does not exist",
                "detector_id");
  }
  auto& versions = c.detector_versions[version.detector_id];
  size_t drafts = std::ranges::count_if(
      versions, [](const auto& e) { return e.second.status == VersionStatus::kDraft; });
  if (drafts >= Limits::kMaxDraftVersionsPerDetector) {
    return Fail(ErrorCode::kInvalidArgument,
                "limit reached: at most 100 DRAFT versions per detector; delete or activate one",
                "detector_id");
  }
  VIGIL_CHECK(ResolveRuleRefs(c, version));
  version.version = versions.empty() ? 1 : versions.rbegin()->first + 1;
  version.status = VersionStatus::kDraft;
  VIGIL_CHECK(Validate(version, c));
  Stamp(version.stamps, nullptr, now);
  int number = version.version;
  versions[number] = std::move(version);
  return number;
}

Status UpdateDetectorVersion(Catalog& c, DetectorVersion version, int64_t now) {
  DetectorVersion* existing = const_cast<DetectorVersion*>(
      c.FindDetectorVersion(version.detector_id, version.version));
  if (existing == nullptr) {
    return NotFound("detector version", version.detector_id + "/" + std::to_string(version.version));
  }
  if (existing->status != VersionStatus::kDraft) {
    return Fail(ErrorCode::kConflict,
                "detector '" + version.detector_id + "' version " + std::to_string(version.version) +
                    " is " + VersionStatusName(existing->status) +
                    "; only DRAFT versions can be edited (create a new version)");
  }
  VIGIL_CHECK(ResolveRuleRefs(c, version));
  version.status = VersionStatus::kDraft;
  VIGIL_CHECK(Validate(version, c));
  Stamp(version.stamps, &existing->stamps, now);
  *existing = std::move(version);
  return {};
}

Status UpdateDetectorVersionDescription(Catalog& c, const std::string& detector_id, int version,
                                        const std::string& description, int64_t now) {
  auto it = c.detector_versions.find(detector_id);
  if (it == c.detector_versions.end() || !it->second.contains(version)) {
    return NotFound("detector version", detector_id + "/" + std::to_string(version));
  }
  VIGIL_CHECK(ValidateDescription(description, "description"));
  DetectorVersion& target = it->second[version];
  target.description = description;
  target.stamps.updated_micros = now;
  return {};
}

Status SetDetectorVersionStatus(Catalog& c, const std::string& detector_id, int version,
                                VersionStatus status, int64_t now) {
  auto it = c.detector_versions.find(detector_id);
  if (it == c.detector_versions.end() || !it->second.contains(version)) {
    return NotFound("detector version", detector_id + "/" + std::to_string(version));
  }
  DetectorVersion& target = it->second[version];
  if (status == VersionStatus::kDraft) {
    return Fail(ErrorCode::kInvalidArgument, "status can be set to ACTIVE or INACTIVE only", "status");
  }
  if (status == target.status) return {};
  if (status == VersionStatus::kInactive && target.status != VersionStatus::kActive) {
    return Fail(ErrorCode::kConflict, "only an ACTIVE version can become INACTIVE; version " +
                                          std::to_string(version) + " is " +
                                          VersionStatusName(target.status));
  }
  if (status == VersionStatus::kActive) {
    for (auto& [n, v] : it->second) {
      if (v.status == VersionStatus::kActive) {
        v.status = VersionStatus::kInactive;
        v.stamps.updated_micros = now;
      }
    }
  }
  target.status = status;
  target.stamps.updated_micros = now;
  return {};
}

Status DeleteDetectorVersion(Catalog& c, const std::string& detector_id, int version) {
  auto it = c.detector_versions.find(detector_id);
  if (it == c.detector_versions.end() || !it->second.contains(version)) {
    return NotFound("detector version", detector_id + "/" + std::to_string(version));
  }
  if (it->second[version].status == VersionStatus::kActive) {
    return Fail(ErrorCode::kConflict, "detector '" + detector_id + "' version " +
                                          std::to_string(version) +
                                          " is ACTIVE; deactivate it before deleting it");
  }
  it->second.erase(version);
  if (it->second.empty()) c.detector_versions.erase(it);
  return {};
}

}  // namespace vigil::catalog
