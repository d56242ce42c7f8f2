// json::ReadScalarObject (core/json_scalar_object.h): a flat JSON object read straight into
// (name, Value) pairs with Boost.JSON's parser and a handler of our own, building no
// boost::json::value on the way. What a stored event's variables are; a rebuild reads millions of them, so the pairs'
// storage is the caller's to reuse. Numbers are read as json::Parse reads them (correctly
// rounded doubles), and converted as ToValue converts them.
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cmath>
#include <string>

#include "core/json_scalar_object.h"
#include "core/text_position.h"

namespace vigil::json {

namespace bj = boost::json;

namespace {

class ScalarObjectHandler {
 public:
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();

  ScalarObjectHandler(std::vector<std::pair<std::string, Value>>& fields, size_t first)
      : fields_(fields), used_(first) {}

  size_t used() const { return used_; }
  const std::string& problem() const { return problem_; }

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code& ec) {
    if (++depth_ == 1) return true;
    return Refuse(ec, "an object");
  }
  bool on_object_end(std::size_t, bj::error_code&) { return true; }
  bool on_array_begin(bj::error_code& ec) { return Refuse(ec, "an array"); }
  bool on_array_end(std::size_t, bj::error_code&) { return true; }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    Key().append(s.data(), s.size());
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    Key().append(s.data(), s.size());
    in_key_ = false;
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code& ec) {
    if (!Inside(ec)) return false;
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code& ec) {
    if (!Inside(ec)) return false;
    text_.append(s.data(), s.size());
    Set(Value::String(std::move(text_)));
    text_.clear();
    return true;
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(int64_t i, bj::string_view, bj::error_code& ec) {
    number_.clear();
    if (!Inside(ec)) return false;
    Set(Value::Integer(i));
    return true;
  }
  bool on_uint64(uint64_t u, bj::string_view, bj::error_code& ec) {
    number_.clear();
    if (!Inside(ec)) return false;
    Set(u > static_cast<uint64_t>(INT64_MAX) ? Value::Float(static_cast<double>(u))
                                             : Value::Integer(static_cast<int64_t>(u)));
    return true;
  }
  bool on_double(double d, bj::string_view s, bj::error_code& ec) {
    number_.append(s.data(), s.size());
    double exact = 0;
    const auto [end, error] =
        std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    // Out of range (1e999): Boost's infinity stands, and is refused below.
    const double value = error == std::errc() && end == number_.data() + number_.size() ? exact : d;
    number_.clear();
    if (!Inside(ec)) return false;
    if (!std::isfinite(value)) {
      problem_ = Name() + " is out of range: a number must be within ±1.7e308";
      ec = bj::error::exponent_overflow;
      return false;
    }
    Set(Value::Float(value));
    return true;
  }
  bool on_bool(bool b, bj::error_code& ec) {
    if (!Inside(ec)) return false;
    Set(Value::Boolean(b));
    return true;
  }
  bool on_null(bj::error_code& ec) {
    if (!Inside(ec)) return false;
    Set(Value::Null());
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  // The name of the pair being read, started afresh by a key's first part.
  std::string& Key() {
    if (!in_key_) {
      if (used_ == fields_.size()) fields_.emplace_back();
      fields_[used_].first.clear();
      in_key_ = true;
    }
    return fields_[used_].first;
  }
  std::string Name() const { return used_ < fields_.size() ? fields_[used_].first : "value"; }
  // A scalar at the top level is not an object.
  bool Inside(bj::error_code& ec) {
    if (depth_ == 1) return true;
    problem_ = "the JSON is not an object";
    ec = bj::error::syntax;
    return false;
  }
  void Set(Value value) { fields_[used_++].second = std::move(value); }
  bool Refuse(bj::error_code& ec, const char* what) {
    problem_ = depth_ == 0 ? std::string("the JSON is not an object")
                           : Name() + " must be a string, number, boolean or null, not " + what;
    ec = bj::error::syntax;
    return false;
  }

  std::vector<std::pair<std::string, Value>>& fields_;
  size_t used_;
  int depth_ = 0;
  bool in_key_ = false;
  std::string problem_;  // why the text was refused, when the handler refused it
  std::string text_;    // the string value being read, when it comes in parts
  std::string number_;  // the text of the number being read, when it comes in parts
};

}  // namespace

Status ReadScalarObject(std::string_view text, std::vector<std::pair<std::string, Value>>& fields,
                        size_t first) {
  bj::parse_options options;
  options.max_depth = 64;
  bj::basic_parser<ScalarObjectHandler> parser(options, fields, first);
  bj::error_code ec;
  const size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) ec = bj::error::extra_data;
  if (ec) {
    const std::string& problem = parser.handler().problem();
    fields.resize(first);
    if (!problem.empty()) return Fail(ErrorCode::kInvalidArgument, problem);
    return Fail(ErrorCode::kInvalidArgument,
                "malformed JSON at " + PositionText(text, consumed) + ": " + ec.message());
  }
  fields.resize(parser.handler().used());
  return {};
}

}  // namespace vigil::json
