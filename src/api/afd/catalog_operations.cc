// The catalog's named kinds in AFD's shapes: entity types, labels, outcomes, variables
// (CreateVariable, BatchCreateVariable, UpdateVariable, GetVariables, BatchGetVariable,
// DeleteVariable), event types and detectors. Tags are accepted and not kept.
#include "api/afd/named_operations.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

// EntityType, Label and Outcome: a name and a description.
template <typename T>
void AddSimpleKind(OperationTable& table, const std::string& kind, const char* items_key,
                   size_t page_size) {
  table.AddSync(
      "Put" + kind,
      [](Context& context, const bj::object& in) -> Result<bj::object> {
        T object;
        object.name = Text(in, "name");
        object.description = Text(in, "description");
        VIGIL_CHECK(PutNamed(context, std::move(object), Text(in, "name")));
        return bj::object();
      },
      true);
  AddGetAndDelete<T>(table, "Get" + kind + "s", "Delete" + kind, "name", items_key, page_size);
}

// A VariableEntry or CreateVariableRequest as a catalog variable. Only EVENT variables are
// created by hand: a model's score variable comes with the model.
Result<catalog::Variable> VariableOf(const bj::object& in) {
  catalog::Variable v;
  v.name = Text(in, "name");
  auto type = ParseDataType(Text(in, "dataType"));
  if (!type) {
    return Fail(ErrorCode::kInvalidArgument,
                "dataType must be STRING, INTEGER, FLOAT, BOOLEAN or DATETIME", "dataType");
  }
  v.data_type = *type;
  if (const std::string source = Text(in, "dataSource"); source != "EVENT") {
    return Fail(ErrorCode::kInvalidArgument,
                "dataSource '" + source +
                    "': only EVENT variables are created this way; a "
                    "model's score variable ($<modelId>_insightscore) comes with the model",
                "dataSource");
  }
  v.default_value = Text(in, "defaultValue");
  v.variable_type = Text(in, "variableType");
  v.description = Text(in, "description");
  return v;
}

Result<bj::object> CreateVariable(Context& context, const bj::object& in) {
  VIGIL_TRY(variable, VariableOf(in));
  VIGIL_CHECK(PutNamed(context, std::move(variable), Text(in, "name"), true));
  return bj::object();
}

// AFD's BatchCreateError / BatchGetVariableError: {name, code, message}.
bj::object BatchError(const std::string& name, const Error& error) {
  return {{"name", name},
          {"code", static_cast<int>(FromError(error).status)},
          {"message", error.message}};
}

Result<bj::object> BatchCreateVariable(Context& context, const bj::object& in) {
  bj::array errors;
  for (const auto& entry : *Array(in, "variableEntries")) {
    const bj::object& e = entry.get_object();
    auto created = [&]() -> Status {
      VIGIL_TRY(variable, VariableOf(e));
      return PutNamed(context, std::move(variable), Text(e, "name"), true);
    }();
    if (!created) errors.push_back(BatchError(Text(e, "name"), created.error()));
  }
  return bj::object{{"errors", std::move(errors)}};
}

Result<bj::object> UpdateVariable(Context& context, const bj::object& in) {
  const std::string name = Text(in, "name");
  const auto snapshot = context.catalog.Current();
  const auto& variables = snapshot->catalog().variables;
  auto it = variables.find(name);
  if (it == variables.end()) {
    return Fail(ErrorCode::kNotFound, "variable '" + name + "' does not exist", "name");
  }
  catalog::Variable v = it->second;
  if (auto d = OptionalText(in, "defaultValue")) v.default_value = *d;
  if (auto d = OptionalText(in, "description")) v.description = *d;
  if (auto t = OptionalText(in, "variableType")) v.variable_type = *t;
  VIGIL_CHECK(PutNamed(context, std::move(v), name));
  return bj::object();
}

Result<bj::object> BatchGetVariable(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const auto& variables = snapshot->catalog().variables;
  bj::array found, errors;
  for (const auto& name : TextList(in, "names")) {
    auto it = variables.find(name);
    if (it != variables.end()) {
      found.push_back(ToAfd(it->second));
    } else {
      errors.push_back(BatchError(
          name, Error{ErrorCode::kNotFound, "variable '" + name + "' does not exist", "names"}));
    }
  }
  return bj::object{{"variables", std::move(found)}, {"errors", std::move(errors)}};
}

Result<bj::object> PutEventType(Context& context, const bj::object& in) {
  if (const bj::object* orchestration = Object(in, "eventOrchestration");
      orchestration && Flag(*orchestration, "eventBridgeEnabled")) {
    return Fail(ErrorCode::kInvalidArgument,
                "eventOrchestration.eventBridgeEnabled: Vigil does not publish to EventBridge",
                "eventOrchestration");
  }
  catalog::EventType e;
  e.name = Text(in, "name");
  e.description = Text(in, "description");
  e.variables = TextList(in, "eventVariables");
  e.labels = TextList(in, "labels");
  e.entity_types = TextList(in, "entityTypes");
  e.event_ingestion = Text(in, "eventIngestion", "ENABLED") == "ENABLED";
  VIGIL_CHECK(PutNamed(context, std::move(e), Text(in, "name")));
  return bj::object();
}

Result<bj::object> PutDetector(Context& context, const bj::object& in) {
  catalog::Detector d;
  d.detector_id = Text(in, "detectorId");
  d.event_type = Text(in, "eventTypeName");
  d.description = Text(in, "description");
  VIGIL_CHECK(PutNamed(context, std::move(d), Text(in, "detectorId")));
  return bj::object();
}

}  // namespace

void AddCatalogOperations(OperationTable& table) {
  AddSimpleKind<catalog::EntityType>(table, "EntityType", "entityTypes", 10);
  AddSimpleKind<catalog::Label>(table, "Label", "labels", 50);
  AddSimpleKind<catalog::Outcome>(table, "Outcome", "outcomes", 100);

  table.AddSync("CreateVariable", CreateVariable, true);
  table.AddSync("BatchCreateVariable", BatchCreateVariable, true);
  table.AddSync("UpdateVariable", UpdateVariable, true);
  table.AddSync("BatchGetVariable", BatchGetVariable);
  AddGetAndDelete<catalog::Variable>(table, "GetVariables", "DeleteVariable", "name", "variables",
                                     100);
  table.AddSync("PutEventType", PutEventType, true);
  AddGetAndDelete<catalog::EventType>(table, "GetEventTypes", "DeleteEventType", "name",
                                      "eventTypes", 10);
  table.AddSync("PutDetector", PutDetector, true);
  AddGetAndDelete<catalog::Detector>(table, "GetDetectors", "DeleteDetector", "detectorId",
                                     "detectors", 10);
}

Status RefuseExternalModels(const bj::object& in, const char* key) {
  const bj::value* v = in.if_contains(key);
  const bool given = v != nullptr && ((v->is_array() && !v->get_array().empty()) ||
                                      (v->is_object() && !v->get_object().empty()));
  if (!given) return {};
  return Fail(ErrorCode::kInvalidArgument,
              std::string(key) + ": Vigil has no external (SageMaker) models", key);
}

}  // namespace vigil::api::afd
