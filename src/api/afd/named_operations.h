// The operations every named catalog kind has in AFD's API, written once: Put (create or
// replace, keeping the creation time), Get (one by name, or a page of all in name order) and
// Delete, each through engine::CatalogService (validated, compiled, persisted, published; a
// refused edit changes nothing).
#pragma once

#include <boost/json.hpp>
#include <string>

#include "api/afd/catalog_shapes.h"
#include "api/afd/members.h"
#include "api/afd/operation.h"
#include "api/catalog_kind.h"

namespace vigil::api::afd {

// Stores `object` (created or replaced); `must_be_new` refuses an existing name
// (ConflictException).
template <typename T>
Status PutNamed(Context& context, T object, const std::string& name, bool must_be_new = false) {
  return context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    if (must_be_new && Kind<T>::Map(c).contains(name)) {
      return Fail(ErrorCode::kAlreadyExists,
                  std::string(Kind<T>::kWhat) + " '" + name + "' already exists");
    }
    return catalog::Put(c, std::move(object), now);
  });
}

// Get<Kinds>: `name_key` names one (ResourceNotFoundException when it does not exist), else a
// page of `page_size` (or maxResults) under `items_key`.
template <typename T>
Result<boost::json::object> GetNamed(Context& context, const boost::json::object& in,
                                     const char* name_key, const char* items_key,
                                     size_t page_size) {
  const auto snapshot = context.catalog.Current();
  const auto& map = Kind<T>::Map(snapshot->catalog());
  if (auto name = OptionalText(in, name_key)) {
    auto it = map.find(*name);
    if (it == map.end()) {
      return Fail(ErrorCode::kNotFound,
                  std::string(Kind<T>::kWhat) + " '" + *name + "' does not exist", name_key);
    }
    return boost::json::object{{items_key, boost::json::array{ToAfd(it->second)}}};
  }
  return NamePage(map, in, items_key, page_size,
                  [](const T& object) { return std::optional(ToAfd(object)); });
}

template <typename T>
Result<boost::json::object> DeleteNamed(Context& context, const std::string& name) {
  VIGIL_CHECK(
      context.catalog.Edit([&](catalog::Catalog& c, int64_t) { return Kind<T>::Delete(c, name); }));
  return boost::json::object();
}

// Registers `get_name` (GetNamed: one by `key`, or a page under `items_key`) and `delete_name`
// (DeleteNamed by `key`) for kind T.
template <typename T>
void AddGetAndDelete(OperationTable& table, const std::string& get_name,
                     const std::string& delete_name, const char* key, const char* items_key,
                     size_t page_size) {
  table.AddSync(get_name,
                [key, items_key, page_size](Context& context, const boost::json::object& in) {
                  return GetNamed<T>(context, in, key, items_key, page_size);
                });
  table.AddSync(
      delete_name,
      [key](Context& context, const boost::json::object& in) {
        return DeleteNamed<T>(context, Text(in, key));
      },
      true);
}

// ValidationException for a non-empty `key` (a list or map of external-model members): Vigil has
// no external (SageMaker) models.
Status RefuseExternalModels(const boost::json::object& in, const char* key);

}  // namespace vigil::api::afd
