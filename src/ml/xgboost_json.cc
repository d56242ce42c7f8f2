#include "ml/xgboost_json.h"

#include <charconv>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "core/json.h"

namespace vigil::ml {

namespace {

namespace bj = boost::json;

constexpr std::string_view kModelPath = "learner.gradient_booster.model";

std::unexpected<Error> Refuse(const std::string& path, const std::string& why) {
  return Fail(ErrorCode::kInvalidArgument, path + " " + why, path);
}

std::string Join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

std::string Index(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

Result<const bj::object*> ObjectAt(const bj::value& v, const std::string& path) {
  if (!v.is_object()) return Refuse(path, "must be a JSON object");
  return &v.get_object();
}

// The member `key` of `object` (at `path`), which must be present.
Result<const bj::value*> Member(const bj::object& object, std::string_view path,
                                std::string_view key) {
  const bj::value* member = object.if_contains(key);
  if (member == nullptr) return Refuse(Join(path, key), "is missing");
  return member;
}

Result<const bj::object*> ObjectMember(const bj::object& object, std::string_view path,
                                       std::string_view key) {
  VIGIL_TRY(member, Member(object, path, key));
  return ObjectAt(*member, Join(path, key));
}

Result<const bj::array*> ArrayMember(const bj::object& object, std::string_view path,
                                     std::string_view key) {
  VIGIL_TRY(member, Member(object, path, key));
  if (!member->is_array()) return Refuse(Join(path, key), "must be an array");
  return &member->get_array();
}

Result<std::string_view> StringMember(const bj::object& object, std::string_view path,
                                      std::string_view key) {
  VIGIL_TRY(member, Member(object, path, key));
  if (!member->is_string()) return Refuse(Join(path, key), "must be a string");
  return std::string_view(member->get_string());
}

// XGBoost writes model parameters as strings of numbers ("5E-1", "16").
template <typename Number>
Result<Number> NumberInString(const bj::object& object, std::string_view path,
                              std::string_view key) {
  VIGIL_TRY(text, StringMember(object, path, key));
  Number number{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Refuse(Join(path, key), "is \"" + std::string(text) + "\", not a number");
  }
  return number;
}

// A JSON array of numbers as T (int32_t, uint32_t or float), with `size` entries.
template <typename T>
Result<std::vector<T>> NumberArray(const bj::object& tree, std::string_view tree_path,
                                   std::string_view key, size_t size) {
  VIGIL_TRY(array, ArrayMember(tree, tree_path, key));
  const std::string path = Join(tree_path, key);
  if (array->size() != size) {
    return Refuse(path, "has " + std::to_string(array->size()) + " entries for " +
                            std::to_string(size) + " nodes");
  }
  std::vector<T> out;
  out.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    const bj::value& v = (*array)[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (!v.is_number()) return Refuse(Index(path, i), "must be a number");
      out.push_back(static_cast<T>(v.to_number<double>()));
    } else {
      boost::system::error_code ec;
      const T number = v.to_number<T>(ec);  // fails on a fraction or a value out of T's range
      if (ec) return Refuse(Index(path, i), "must be an integer within range");
      out.push_back(number);
    }
  }
  return out;
}

Result<TreeSpec> ParseTree(const bj::value& value, const std::string& path) {
  VIGIL_TRY(tree, ObjectAt(value, path));
  VIGIL_TRY(left, ArrayMember(*tree, path, "left_children"));
  const size_t size = left->size();
  VIGIL_TRY(lefts, NumberArray<int32_t>(*tree, path, "left_children", size));
  VIGIL_TRY(rights, NumberArray<int32_t>(*tree, path, "right_children", size));
  VIGIL_TRY(features, NumberArray<uint32_t>(*tree, path, "split_indices", size));
  VIGIL_TRY(conditions, NumberArray<float>(*tree, path, "split_conditions", size));
  VIGIL_TRY(default_left, NumberArray<uint32_t>(*tree, path, "default_left", size));
  if (tree->contains("split_type")) {
    VIGIL_TRY(types, NumberArray<uint32_t>(*tree, path, "split_type", size));
    for (size_t i = 0; i < size; ++i) {
      if (types[i] != 0) {
        return Refuse(Index(Join(path, "split_type"), i),
                      "is a categorical split: only numerical splits are supported");
      }
    }
  }
  TreeSpec spec;
  spec.nodes.resize(size);
  for (size_t i = 0; i < size; ++i) {
    NodeSpec& node = spec.nodes[i];
    node.left = lefts[i];
    node.right = rights[i];
    node.feature = features[i];
    node.default_left = default_left[i] != 0;
    // One float per node: the threshold of a split, the value of a leaf.
    node.threshold = conditions[i];
    node.leaf_value = conditions[i];
  }
  return spec;
}

// The margin where every prediction starts: base_score is a probability for the logistic
// objectives. Computed in float the way XGBoost's ProbToMargin does.
Result<float> BaseMargin(const bj::object& params, std::string_view objective) {
  constexpr std::string_view kPath = "learner.learner_model_param";
  VIGIL_TRY(base_score, NumberInString<float>(params, kPath, "base_score"));
  if (objective == "binary:logitraw") {
    if (!std::isfinite(base_score)) return Refuse(Join(kPath, "base_score"), "is not finite");
    return base_score;
  }
  if (!(base_score > 0.0f && base_score < 1.0f)) {
    return Refuse(Join(kPath, "base_score"),
                  "must be a probability strictly between 0 and 1 for " + std::string(objective));
  }
  return -std::log(1.0f / base_score - 1.0f);
}

Result<EnsembleSpec> ParseLearner(const bj::object& learner) {
  constexpr std::string_view kLearner = "learner";
  VIGIL_TRY(objective_object, ObjectMember(learner, kLearner, "objective"));
  VIGIL_TRY(objective, StringMember(*objective_object, "learner.objective", "name"));
  if (objective != "binary:logistic" && objective != "reg:logistic" &&
      objective != "binary:logitraw") {
    return Refuse("learner.objective.name",
                  "is \"" + std::string(objective) +
                      "\": only binary:logistic, reg:logistic and binary:logitraw are supported");
  }
  VIGIL_TRY(params, ObjectMember(learner, kLearner, "learner_model_param"));
  VIGIL_TRY(num_class,
            NumberInString<uint32_t>(*params, "learner.learner_model_param", "num_class"));
  if (num_class > 1) {
    return Refuse("learner.learner_model_param.num_class",
                  "is " + std::to_string(num_class) + ": multi-class models are not supported");
  }
  if (params->contains("num_target")) {
    VIGIL_TRY(num_target,
              NumberInString<uint32_t>(*params, "learner.learner_model_param", "num_target"));
    if (num_target != 1) {
      return Refuse("learner.learner_model_param.num_target",
                    "is " + std::to_string(num_target) + ": only one target is supported");
    }
  }
  EnsembleSpec spec;
  VIGIL_TRY(num_feature,
            NumberInString<uint32_t>(*params, "learner.learner_model_param", "num_feature"));
  spec.num_features = num_feature;
  VIGIL_TRY(base_margin, BaseMargin(*params, objective));
  spec.base_margin = base_margin;
  if (const bj::value* names = learner.if_contains("feature_names")) {
    const bj::array* array = names->if_array();
    if (array == nullptr) return Refuse("learner.feature_names", "must be an array");
    for (size_t i = 0; i < array->size(); ++i) {
      if (!(*array)[i].is_string()) {
        return Refuse(Index("learner.feature_names", i), "must be a string");
      }
      spec.feature_names.emplace_back((*array)[i].get_string());
    }
  }

  VIGIL_TRY(booster, ObjectMember(learner, kLearner, "gradient_booster"));
  VIGIL_TRY(booster_name, StringMember(*booster, "learner.gradient_booster", "name"));
  if (booster_name != "gbtree") {
    return Refuse("learner.gradient_booster.name",
                  "is \"" + std::string(booster_name) + "\": only gbtree boosters are supported");
  }
  VIGIL_TRY(model, ObjectMember(*booster, "learner.gradient_booster", "model"));
  VIGIL_TRY(trees, ArrayMember(*model, kModelPath, "trees"));
  VIGIL_TRY(tree_info, NumberArray<uint32_t>(*model, kModelPath, "tree_info", trees->size()));
  for (size_t t = 0; t < tree_info.size(); ++t) {
    if (tree_info[t] != 0) {
      return Refuse(Index(Join(kModelPath, "tree_info"), t),
                    "is " + std::to_string(tree_info[t]) +
                        ": a tree of another output group (multi-class models are not "
                        "supported)");
    }
  }
  for (size_t t = 0; t < trees->size(); ++t) {
    VIGIL_TRY(tree, ParseTree((*trees)[t], Index(Join(kModelPath, "trees"), t)));
    spec.trees.push_back(std::move(tree));
  }
  return spec;
}

// Where in the JSON a part TreeEnsemble::Create names (its `field`) came from.
std::string JsonPathOf(std::string_view field) {
  if (field.starts_with("trees")) return Join(kModelPath, field);
  if (field == "feature_names") return "learner.feature_names";
  if (field == "base_margin") return "learner.learner_model_param.base_score";
  return "learner.learner_model_param.num_feature";
}

}  // namespace

Result<TreeEnsemble> ImportXgboostJson(std::string_view json) {
  auto document = json::Parse(json);
  if (!document) {
    return Fail(ErrorCode::kInvalidArgument,
                "the model is not JSON text (XGBoost's binary and UBJSON formats are not "
                "supported: save the model as .json): " +
                    document.error().message,
                "model");
  }
  VIGIL_TRY(root, ObjectAt(*document, "the model"));
  VIGIL_TRY(learner, ObjectMember(*root, "", "learner"));
  VIGIL_TRY(spec, ParseLearner(*learner));
  auto ensemble = TreeEnsemble::Create(spec);
  if (!ensemble) {
    const Error& error = ensemble.error();
    const std::string path = JsonPathOf(error.field);
    const std::string message = error.field.starts_with("trees")
                                    ? std::string(kModelPath) + "." + error.message
                                    : path + ": " + error.message;
    return Fail(error.code, message, path);
  }
  return ensemble;
}

}  // namespace vigil::ml
