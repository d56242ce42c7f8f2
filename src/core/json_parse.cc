// json::Parse (core/json.h): Boost.JSON's parser with a handler of our own, for one reason —
// numbers. Boost.JSON 1.81 reads a double to within one unit in the last place, not correctly
// rounded: about one in nine of the shortest texts JsonWriter writes would read back as another
// double, so a stored decision or event would not read back bit for bit. This handler builds
// the same boost::json::value as boost::json::parse, but reads each double's text with
// std::from_chars, which rounds correctly.
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <string>

#include "core/json.h"
#include "core/text_position.h"

namespace vigil::json {

namespace bj = boost::json;

namespace {

class ValueBuilder {
 public:
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();

  bj::value Release() { return stack_.release(); }

  bool on_document_begin(bj::error_code&) {
    stack_.reset();
    number_.clear();
    return true;
  }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) { return true; }
  bool on_object_end(std::size_t n, bj::error_code&) {
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t n, bj::error_code&) {
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    stack_.push_key(s);
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(int64_t i, bj::string_view, bj::error_code&) {
    number_.clear();
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(uint64_t u, bj::string_view, bj::error_code&) {
    number_.clear();
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, bj::string_view s, bj::error_code&) {
    number_.append(s.data(), s.size());
    double exact = 0;
    const auto [end, ec] = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    // Out of range (1e999): Boost's infinity or zero stands, as callers expect.
    stack_.push_double(ec == std::errc() && end == number_.data() + number_.size() ? exact : d);
    number_.clear();
    return true;
  }
  bool on_bool(bool b, bj::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(bj::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  bj::value_stack stack_;
  std::string number_;  // the text of the number being read, when it comes in parts
};

}  // namespace

Result<bj::value> Parse(std::string_view text) {
  bj::parse_options options;
  options.max_depth = 64;
  bj::basic_parser<ValueBuilder> parser(options);
  bj::error_code ec;
  const size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) ec = bj::error::extra_data;
  if (ec) {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed JSON at " + PositionText(text, consumed) + ": " + ec.message(), "body");
  }
  return parser.handler().Release();
}

}  // namespace vigil::json
