#include "api/afd/service_model.h"

#include <cstdio>
#include <cstdlib>

#include "core/json.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

std::optional<ShapeType> ParseShapeType(std::string_view type) {
  static const std::map<std::string_view, ShapeType> kTypes = {
      {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},
      {"map", ShapeType::kMap},
      {"string", ShapeType::kString},
      {"integer", ShapeType::kInteger},
      {"long", ShapeType::kLong},
      {"float", ShapeType::kFloat},
      {"double", ShapeType::kDouble},
      {"boolean", ShapeType::kBoolean},
      {"blob", ShapeType::kBlob},
      {"timestamp", ShapeType::kTimestamp}};
  auto it = kTypes.find(type);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

std::optional<double> NumberAt(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return it->value().to_number<double>();
}

std::string TextAt(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

// The shape a {"shape": "Name"} reference names, or null when `key` is absent.
Result<const Shape*> RefAt(const bj::object& o, std::string_view key,
                           const std::map<std::string, std::unique_ptr<Shape>, std::less<>>& shapes,
                           const std::string& owner) {
  auto it = o.find(key);
  if (it == o.end()) return nullptr;
  const std::string name = it->value().is_object() ? TextAt(it->value().get_object(), "shape") : "";
  auto found = shapes.find(name);
  if (found == shapes.end()) {
    return Fail(ErrorCode::kInternal, "service model: " + owner + "." + std::string(key) +
                                          " names unknown shape '" + name + "'");
  }
  return found->second.get();
}

}  // namespace

Result<ServiceModel> ServiceModel::FromJson(std::string_view text) {
  VIGIL_TRY(json, json::Parse(text));
  if (!json.is_object()) return Fail(ErrorCode::kInternal, "service model: not an object");
  const bj::object& root = json.get_object();
  ServiceModel model;
  if (const auto* metadata = root.if_contains("metadata"); metadata && metadata->is_object()) {
    model.target_prefix_ = TextAt(metadata->get_object(), "targetPrefix");
  }
  const bj::value* shapes = root.if_contains("shapes");
  const bj::value* operations = root.if_contains("operations");
  if (shapes == nullptr || !shapes->is_object() || operations == nullptr ||
      !operations->is_object()) {
    return Fail(ErrorCode::kInternal, "service model: shapes and operations are required");
  }
  // Two passes: every shape exists before any reference to it is resolved.
  for (const auto& [name, _] : shapes->get_object()) {
    auto shape = std::make_unique<Shape>();
    shape->name = std::string(name);
    model.shapes_.emplace(shape->name, std::move(shape));
  }
  for (const auto& [name_view, value] : shapes->get_object()) {
    const std::string name(name_view);
    if (!value.is_object()) return Fail(ErrorCode::kInternal, "service model: shape " + name);
    const bj::object& o = value.get_object();
    Shape& shape = *model.shapes_.at(name);
    auto type = ParseShapeType(TextAt(o, "type"));
    if (!type) {
      return Fail(ErrorCode::kInternal,
                  "service model: shape " + name + " has unknown type '" + TextAt(o, "type") + "'");
    }
    shape.type = *type;
    shape.min = NumberAt(o, "min");
    shape.max = NumberAt(o, "max");
    shape.pattern = TextAt(o, "pattern");
    if (const auto* sensitive = o.if_contains("sensitive"); sensitive && sensitive->is_bool()) {
      shape.sensitive = sensitive->get_bool();
    }
    if (!shape.pattern.empty()) {
      re2::RE2::Options options;
      options.set_log_errors(false);
      auto regex = std::make_shared<re2::RE2>(shape.pattern, options);
      if (!regex->ok()) {
        return Fail(ErrorCode::kInternal,
                    "service model: pattern of shape " + name + ": " + regex->error());
      }
      shape.regex = std::move(regex);
    }
    if (const auto* values = o.if_contains("enum"); values && values->is_array()) {
      for (const auto& v : values->get_array()) {
        if (v.is_string()) shape.enum_values.emplace_back(v.get_string());
      }
    }
    VIGIL_TRY(member, RefAt(o, "member", model.shapes_, name));
    VIGIL_TRY(key, RefAt(o, "key", model.shapes_, name));
    VIGIL_TRY(map_value, RefAt(o, "value", model.shapes_, name));
    shape.member = member;
    shape.key = key;
    shape.value = map_value;
    if (const auto* members = o.if_contains("members"); members && members->is_object()) {
      for (const auto& [member_name, ref] : members->get_object()) {
        if (!ref.is_object()) continue;
        auto found = model.shapes_.find(TextAt(ref.get_object(), "shape"));
        if (found == model.shapes_.end()) {
          return Fail(ErrorCode::kInternal, "service model: member " + name + "." +
                                                std::string(member_name) +
                                                " names an unknown shape");
        }
        shape.members.push_back(Member{std::string(member_name), found->second.get(), false});
      }
    }
    if (const auto* required = o.if_contains("required"); required && required->is_array()) {
      for (const auto& r : required->get_array()) {
        for (auto& m : shape.members) {
          if (r.is_string() && m.name == r.get_string()) m.required = true;
        }
      }
    }
  }
  for (const auto& [name_view, value] : operations->get_object()) {
    const std::string name(name_view);
    if (!value.is_object()) return Fail(ErrorCode::kInternal, "service model: operation " + name);
    const bj::object& o = value.get_object();
    Operation op;
    op.name = name;
    VIGIL_TRY(input, RefAt(o, "input", model.shapes_, name));
    VIGIL_TRY(output, RefAt(o, "output", model.shapes_, name));
    op.input = input;
    op.output = output;
    if (const auto* errors = o.if_contains("errors"); errors && errors->is_array()) {
      for (const auto& e : errors->get_array()) {
        // The compact model lists names; the full one {"shape": name}.
        if (e.is_string()) op.errors.emplace_back(e.get_string());
        if (e.is_object()) op.errors.push_back(TextAt(e.get_object(), "shape"));
      }
    }
    model.operations_.emplace(name, std::move(op));
  }
  return model;
}

const ServiceModel& ServiceModel::Embedded() {
  static const ServiceModel model = [] {
    auto built = FromJson(kEmbeddedServiceModel);
    if (!built) {
      std::fprintf(stderr, "embedded AFD service model: %s\n", built.error().message.c_str());
      std::abort();
    }
    return std::move(*built);
  }();
  return model;
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : it->second.get();
}

}  // namespace vigil::api::afd
