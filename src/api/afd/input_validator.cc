#include "api/afd/input_validator.h"

#include <algorithm>
#include <cmath>

#include "core/json.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr size_t kMaxReported = 10;    // violations listed in one message
constexpr size_t kMaxValueChars = 80;  // of a value quoted in a message

// Length as AFD's Java service counts it: UTF-16 code units (a code point above U+FFFF is two).
size_t Utf16Length(std::string_view text) {
  size_t units = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

std::string Number(double d) {
  if (std::floor(d) == d && std::abs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  return json::Serialize(bj::value(d));
}

std::string JsonTypeName(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::object:
      return "an object";
    case bj::kind::array:
      return "a list";
    case bj::kind::string:
      return "a string";
    case bj::kind::bool_:
      return "a boolean";
    case bj::kind::null:
      return "null";
    default:
      return "a number";
  }
}

class Validator {
 public:
  void Check(const Shape& shape, const bj::value& v, const std::string& path) {
    if (serialization_) return;
    switch (shape.type) {
      case ShapeType::kStructure:
        return Structure(shape, v, path);
      case ShapeType::kList:
        return List(shape, v, path);
      case ShapeType::kMap:
        return Map(shape, v, path);
      case ShapeType::kString:
        return String(shape, v, path);
      case ShapeType::kInteger:
      case ShapeType::kLong:
        return Integer(shape, v, path);
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        return Float(shape, v, path);
      case ShapeType::kBoolean:
        if (!v.is_bool()) WrongType(v, path, "a boolean");
        return;
      case ShapeType::kBlob:
        if (!v.is_string()) WrongType(v, path, "a base64 string");
        return;
      case ShapeType::kTimestamp:
        if (!v.is_string() && !v.is_number()) WrongType(v, path, "a timestamp");
        return;
    }
  }

  std::optional<AfdError> Result() const {
    if (serialization_) return serialization_;
    if (violations_.empty()) return std::nullopt;
    std::string message = std::to_string(count_) + (count_ == 1 ? " validation error detected: "
                                                                : " validation errors detected: ");
    for (size_t i = 0; i < violations_.size(); ++i) {
      if (i > 0) message += "; ";
      message += violations_[i];
    }
    if (count_ > violations_.size()) {
      message += "; and " + std::to_string(count_ - violations_.size()) + " more";
    }
    return ValidationError(std::move(message));
  }

 private:
  void Structure(const Shape& shape, const bj::value& v, const std::string& path) {
    if (!v.is_object()) return WrongType(v, path, "an object");
    const bj::object& o = v.get_object();
    for (const Member& m : shape.members) {
      const std::string at = path.empty() ? m.name : path + "." + m.name;
      const bj::value* value = o.if_contains(m.name);
      if (value == nullptr || value->is_null()) {
        if (m.required) Violation("Value null at '" + at + "'", "Member must not be null");
        continue;
      }
      Check(*m.shape, *value, at);
    }
  }

  void List(const Shape& shape, const bj::value& v, const std::string& path) {
    if (!v.is_array()) return WrongType(v, path, "a list");
    const bj::array& a = v.get_array();
    Size(shape, a.size(), "Value '" + Quoted(v) + "' at '" + path + "'");
    for (size_t i = 0; i < a.size() && shape.member != nullptr; ++i) {
      const std::string at = path + "." + std::to_string(i + 1) + ".member";
      if (a[i].is_null()) {
        Violation("Value null at '" + at + "'", "Member must not be null");
        continue;
      }
      Check(*shape.member, a[i], at);
    }
  }

  void Map(const Shape& shape, const bj::value& v, const std::string& path) {
    if (!v.is_object()) return WrongType(v, path, "a map (JSON object)");
    const bj::object& o = v.get_object();
    Size(shape, o.size(), "Value at '" + path + "'");
    for (const auto& [key, value] : o) {
      if (shape.key != nullptr) Check(*shape.key, bj::value(key), path + ".key");
      if (shape.value == nullptr) continue;
      const std::string at = path + "." + std::string(key);
      if (value.is_null()) {
        Violation("Value null at '" + at + "'", "Member must not be null");
        continue;
      }
      Check(*shape.value, value, at);
    }
  }

  void String(const Shape& shape, const bj::value& v, const std::string& path) {
    if (!v.is_string()) return WrongType(v, path, "a string");
    const std::string_view text = v.get_string();
    const std::string what =
        shape.sensitive ? "Value at '" + path + "'" : "Value '" + Quoted(v) + "' at '" + path + "'";
    Size(shape, Utf16Length(text), what);
    if (shape.regex && !re2::RE2::FullMatch(text, *shape.regex)) {
      Violation(what, "Member must satisfy regular expression pattern: " + shape.pattern);
    }
    if (!shape.enum_values.empty() &&
        std::ranges::find(shape.enum_values, text) == shape.enum_values.end()) {
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      Violation(what, "Member must satisfy enum value set: [" + set + "]");
    }
  }

  void Integer(const Shape& shape, const bj::value& v, const std::string& path) {
    const bool integral = v.is_int64() || v.is_uint64() ||
                          (v.is_double() && std::floor(v.get_double()) == v.get_double());
    if (!integral) return WrongType(v, path, "a whole number");
    Range(shape, v.to_number<double>(), path);
  }

  void Float(const Shape& shape, const bj::value& v, const std::string& path) {
    if (!v.is_number()) return WrongType(v, path, "a number");
    Range(shape, v.to_number<double>(), path);
  }

  void Range(const Shape& shape, double d, const std::string& path) {
    const std::string what = "Value '" + Number(d) + "' at '" + path + "'";
    if (shape.min && d < *shape.min) {
      Violation(what, "Member must have value greater than or equal to " + Number(*shape.min));
    }
    if (shape.max && d > *shape.max) {
      Violation(what, "Member must have value less than or equal to " + Number(*shape.max));
    }
  }

  // Length of a string, or size of a list or map.
  void Size(const Shape& shape, size_t size, const std::string& what) {
    if (shape.min && static_cast<double>(size) < *shape.min) {
      Violation(what, "Member must have length greater than or equal to " + Number(*shape.min));
    }
    if (shape.max && static_cast<double>(size) > *shape.max) {
      Violation(what, "Member must have length less than or equal to " + Number(*shape.max));
    }
  }

  void Violation(const std::string& what, const std::string& constraint) {
    ++count_;
    if (violations_.size() < kMaxReported) {
      violations_.push_back(what + " failed to satisfy constraint: " + constraint);
    }
  }

  void WrongType(const bj::value& v, const std::string& path, const char* expected) {
    serialization_ = SerializationError("'" + (path.empty() ? std::string("body") : path) +
                                        "' must be " + expected + ", not " + JsonTypeName(v));
  }

  static std::string Quoted(const bj::value& v) {
    std::string text = v.is_string() ? std::string(v.get_string()) : json::Serialize(v);
    if (text.size() > kMaxValueChars) {
      size_t cut = kMaxValueChars;  // on a character boundary: the message stays UTF-8
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "...";
    }
    return text;
  }

  std::vector<std::string> violations_;
  size_t count_ = 0;
  std::optional<AfdError> serialization_;
};

}  // namespace

std::optional<AfdError> ValidateInput(const Shape* input, const bj::value& body) {
  if (!body.is_object()) {
    return SerializationError("the body must be a JSON object, not " + JsonTypeName(body));
  }
  if (input == nullptr) return std::nullopt;
  Validator validator;
  validator.Check(*input, body, "");
  return validator.Result();
}

}  // namespace vigil::api::afd
