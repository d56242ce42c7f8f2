// Kind<T>: how the APIs address each named catalog kind (entity type, label, outcome, variable,
// event type, list, detector): what it is called in messages, its key member in Vigil's JSON,
// its map in the catalog and its delete edit. Shared by the REST admin API and AFD's API.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "catalog/edits.h"
#include "core/result.h"

namespace vigil::api {

template <typename T>
struct Kind;
template <>
struct Kind<catalog::EntityType> {
  static constexpr const char* kWhat = "entity type";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.entity_types; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteEntityType(c, n);
  }
};
template <>
struct Kind<catalog::Label> {
  static constexpr const char* kWhat = "label";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.labels; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteLabel(c, n);
  }
};
template <>
struct Kind<catalog::Outcome> {
  static constexpr const char* kWhat = "outcome";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.outcomes; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteOutcome(c, n);
  }
};
template <>
struct Kind<catalog::Variable> {
  static constexpr const char* kWhat = "variable";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.variables; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteVariable(c, n);
  }
};
template <>
struct Kind<catalog::EventType> {
  static constexpr const char* kWhat = "event type";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.event_types; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteEventType(c, n);
  }
};
template <>
struct Kind<catalog::List> {
  static constexpr const char* kWhat = "list";
  static constexpr const char* kKey = "name";
  static auto& Map(const catalog::Catalog& c) { return c.lists; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteList(c, n);
  }
};
template <>
struct Kind<catalog::Detector> {
  static constexpr const char* kWhat = "detector";
  static constexpr const char* kKey = "detector_id";
  static auto& Map(const catalog::Catalog& c) { return c.detectors; }
  static Status Delete(catalog::Catalog& c, const std::string& n) {
    return catalog::DeleteDetector(c, n);
  }
};

}  // namespace vigil::api
