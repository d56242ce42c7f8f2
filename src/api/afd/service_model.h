// ServiceModel: Amazon Fraud Detector's operations and request shapes, read from its botocore
// service model (model/frauddetector-2019-11-15.service.json, embedded at build time by
// model/compact_service_model.py). The one description of what AFD's API accepts: the input
// validator (input_validator.h) checks every request against it and the router knows every
// operation from it, so nothing about AFD's shapes is hand-copied.
//
// Immutable once built; Embedded() is built on first use and safe to share between threads.
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::api::afd {

// The compact model text (generated source).
extern const char kEmbeddedServiceModel[];

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kFloat,
  kDouble,
  kBoolean,
  kBlob,
  kTimestamp
};

struct Shape;

struct Member {
  std::string name;
  const Shape* shape = nullptr;
  bool required = false;
};

// One shape of the model with the constraints AFD enforces on it: min/max are a string's length
// (in UTF-16 code units, as AFD's Java service counts), a list's or map's size, or a number's
// value; `pattern` must match the whole string; `enum_values`, when not empty, lists the only
// strings allowed.
struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  std::vector<Member> members;    // structure, in the model's order
  const Shape* member = nullptr;  // list
  const Shape* key = nullptr;     // map
  const Shape* value = nullptr;   // map
  std::optional<double> min;
  std::optional<double> max;
  std::string pattern;
  std::shared_ptr<const re2::RE2> regex;  // `pattern`, compiled; null without one
  std::vector<std::string> enum_values;
  bool sensitive = false;  // its values are never repeated in an error message
};

struct Operation {
  std::string name;              // "GetEventPrediction"
  const Shape* input = nullptr;  // null for an operation without input (GetKMSEncryptionKey)
  const Shape* output = nullptr;
  std::vector<std::string> errors;  // the error shapes the model lists for it
};

class ServiceModel {
 public:
  // Reads a (compact or full) botocore service model. kInternal naming the shape for a model
  // that refers to a missing shape or has a pattern RE2 cannot compile.
  static Result<ServiceModel> FromJson(std::string_view text);
  // The embedded model. Built once; a broken embedded model is a build defect and aborts.
  static const ServiceModel& Embedded();

  const std::string& target_prefix() const { return target_prefix_; }  // AWSHawksNestServiceFacade
  const Operation* FindOperation(std::string_view name) const;
  const std::map<std::string, Operation, std::less<>>& operations() const { return operations_; }
  const Shape* FindShape(std::string_view name) const;

 private:
  std::string target_prefix_;
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes_;
  std::map<std::string, Operation, std::less<>> operations_;
};

}  // namespace vigil::api::afd
