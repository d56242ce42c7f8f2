// Lists: CreateList, UpdateList (APPEND, REPLACE, REMOVE; description and variable type),
// GetListElements, GetListsMetadata, DeleteList. Rules that use a list see its changes at once.
#include "api/afd/named_operations.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr size_t kDefaultElementPage = 5000;

Result<bj::object> CreateList(Context& context, const bj::object& in) {
  catalog::List list;
  list.name = Text(in, "name");
  list.elements = TextList(in, "elements");
  list.variable_type = Text(in, "variableType");
  list.description = Text(in, "description");
  VIGIL_CHECK(PutNamed(context, std::move(list), Text(in, "name"), true));
  return bj::object();
}

Result<bj::object> UpdateList(Context& context, const bj::object& in) {
  const std::string name = Text(in, "name");
  const std::string mode_text = Text(in, "updateMode", "REPLACE");
  const auto mode = mode_text == "APPEND"   ? catalog::ListUpdateMode::kAppend
                    : mode_text == "REMOVE" ? catalog::ListUpdateMode::kRemove
                                            : catalog::ListUpdateMode::kReplace;
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    auto it = c.lists.find(name);
    if (it == c.lists.end()) {
      return Fail(ErrorCode::kNotFound, "list '" + name + "' does not exist", "name");
    }
    if (in.contains("description") || in.contains("variableType")) {
      catalog::List changed = it->second;
      if (auto d = OptionalText(in, "description")) changed.description = *d;
      if (auto t = OptionalText(in, "variableType")) changed.variable_type = *t;
      VIGIL_CHECK(catalog::Put(c, std::move(changed), now));
    }
    if (!in.contains("elements")) return {};
    return catalog::UpdateListElements(c, name, mode, TextList(in, "elements"), now);
  }));
  return bj::object();
}

Result<const catalog::List*> ListNamed(const catalog::Catalog& c, const std::string& name) {
  auto it = c.lists.find(name);
  if (it == c.lists.end()) {
    return Fail(ErrorCode::kNotFound, "list '" + name + "' does not exist", "name");
  }
  return &it->second;
}

Result<bj::object> GetListElements(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  VIGIL_TRY(list, ListNamed(snapshot->catalog(), Text(in, "name")));
  return IndexPage(list->elements.size(), in, "elements", kDefaultElementPage,
                   [&](size_t i) { return bj::value(list->elements[i]); });
}

}  // namespace

void AddListOperations(OperationTable& table) {
  table.AddSync("CreateList", CreateList, true);
  table.AddSync("UpdateList", UpdateList, true);
  table.AddSync("GetListElements", GetListElements);
  AddGetAndDelete<catalog::List>(table, "GetListsMetadata", "DeleteList", "name", "lists", 50);
}

}  // namespace vigil::api::afd
