#include "core/json.h"

#include <algorithm>
#include <cmath>

#include "core/json_writer.h"
#include "core/time_format.h"

namespace vigil::json {

namespace bj = boost::json;

Result<Value> ToValue(const bj::value& v, std::string_view field) {
  switch (v.kind()) {
    case bj::kind::null: return Value::Null();
    case bj::kind::bool_: return Value::Boolean(v.get_bool());
    case bj::kind::int64: return Value::Integer(v.get_int64());
    case bj::kind::uint64:
      if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return Value::Float(double(v.get_uint64()));
      return Value::Integer(static_cast<int64_t>(v.get_uint64()));
    case bj::kind::double_:
      // Boost.JSON reads a number beyond a double's range (1e999) as an infinity; a FLOAT is
      // finite everywhere else (CoerceText, the rule language, the decision record).
      if (!std::isfinite(v.get_double())) {
        return Fail(ErrorCode::kInvalidArgument,
                    std::string(field) + " is out of range: a number must be within ±1.7e308",
                    std::string(field));
      }
      return Value::Float(v.get_double());
    case bj::kind::string: return Value::String(std::string(v.get_string()));
    default:
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(field) + " must be a string, number, boolean or null, not " +
                      (v.is_array() ? "an array" : "an object"),
                  std::string(field));
  }
}

bj::value FromValue(const Value& v) {
  if (v.is_null()) return nullptr;
  if (v.is_boolean()) return v.boolean();
  if (v.is_integer()) return v.integer();
  if (v.is_float()) return v.floating();
  if (v.is_string()) return bj::string(v.string());
  return bj::string(FormatIso8601(v.datetime().micros));
}

ObjectReader::ObjectReader(const bj::value& v, std::string path) : path_(std::move(path)) {
  object_ = v.if_object();
}

Status ObjectReader::Check() const {
  if (object_ == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                (path_.empty() ? std::string("the body") : path_) + " must be a JSON object",
                path_);
  }
  return {};
}

std::string ObjectReader::FieldPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const bj::value* ObjectReader::Member(std::string_view key) {
  known_.emplace_back(key);
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &it->value();
}

Result<std::optional<std::string>> ObjectReader::OptionalString(std::string_view key) {
  const bj::value* v = Member(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " must be a string", FieldPath(key));
  }
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::string> ObjectReader::String(std::string_view key) {
  auto s = OptionalString(key);
  if (!s) return std::unexpected(s.error());
  if (!*s) {
    return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " is required", FieldPath(key));
  }
  return std::move(**s);
}

Result<std::string> ObjectReader::StringOr(std::string_view key, std::string fallback) {
  auto s = OptionalString(key);
  if (!s) return std::unexpected(s.error());
  return *s ? std::move(**s) : std::move(fallback);
}

Result<std::optional<int64_t>> ObjectReader::OptionalInteger(std::string_view key) {
  const bj::value* v = Member(key);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  }
  if (v->is_string()) {
    auto parsed = CoerceText(v->get_string(), DataType::kInteger);
    if (parsed) return std::optional<int64_t>(parsed->integer());
  }
  return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " must be an integer", FieldPath(key));
}

Result<std::optional<bool>> ObjectReader::OptionalBool(std::string_view key) {
  const bj::value* v = Member(key);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) {
    return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " must be true or false",
                FieldPath(key));
  }
  return std::optional<bool>(v->get_bool());
}

Result<std::vector<std::string>> ObjectReader::StringList(std::string_view key, bool required) {
  const bj::value* v = Member(key);
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) {
    if (required) {
      return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " is required", FieldPath(key));
    }
    return out;
  }
  if (!v->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, FieldPath(key) + " must be a list of strings",
                FieldPath(key));
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const bj::value& e = v->get_array()[i];
    if (!e.is_string()) {
      std::string where = FieldPath(key) + "[" + std::to_string(i) + "]";
      return Fail(ErrorCode::kInvalidArgument, where + " must be a string", where);
    }
    out.emplace_back(e.get_string());
  }
  return out;
}

Status ObjectReader::Finish() const {
  if (object_ == nullptr) return {};
  for (const auto& member : *object_) {
    if (std::find(known_.begin(), known_.end(), member.key()) == known_.end()) {
      std::string field = FieldPath(member.key());
      return Fail(ErrorCode::kInvalidArgument, "unknown field " + field, field);
    }
  }
  return {};
}

std::string Serialize(const boost::json::value& v) {
  std::string out;
  JsonWriter(out).Write(v);
  return out;
}

}  // namespace vigil::json
