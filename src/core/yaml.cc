#include "core/yaml.h"

#include <yaml-cpp/yaml.h>

#include "core/text_position.h"
#include "core/utf8.h"
#include "core/value.h"

namespace vigil {

namespace bj = boost::json;

namespace {

constexpr int kMaxDepth = 64;

Result<bj::value> Scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return bj::value(bj::string(text));  // quoted: always a string
  if (text == "null" || text == "~" || text == "Null" || text == "NULL" || text.empty()) {
    return bj::value(nullptr);
  }
  if (text == "true" || text == "True" || text == "TRUE") return bj::value(true);
  if (text == "false" || text == "False" || text == "FALSE") return bj::value(false);
  if (auto i = CoerceText(text, DataType::kInteger); i && text.find_first_of(".eE") == std::string::npos) {
    return bj::value(i->integer());
  }
  if (auto d = CoerceText(text, DataType::kFloat); d) return bj::value(d->floating());
  return bj::value(bj::string(text));
}

// Aliases (*name) repeat what their anchor (&name) holds, so a few hundred bytes of anchors that
// alias each other expand to billions of values. The conversion therefore gets a budget of values
// proportional to the text: far more than any document without aliases has (each value takes at
// least a byte or two), and a bound on the time and memory an alias bomb can cost.
constexpr size_t kValuesPerByte = 16;
constexpr size_t kMinValueBudget = 1024;

Result<bj::value> Convert(const YAML::Node& node, int depth, size_t& budget) {
  if (depth > kMaxDepth) {
    return Fail(ErrorCode::kInvalidArgument, "YAML nested deeper than 64 levels");
  }
  if (budget == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed YAML at " + std::to_string(node.Mark().line + 1) + ":" +
                    std::to_string(node.Mark().column + 1) +
                    ": aliases expand the document to too many values",
                "body");
  }
  --budget;
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return bj::value(nullptr);
    case YAML::NodeType::Scalar:
      return Scalar(node);
    case YAML::NodeType::Sequence: {
      bj::array a;
      for (const auto& e : node) {
        VIGIL_TRY(v, Convert(e, depth + 1, budget));
        a.push_back(std::move(v));
      }
      return bj::value(std::move(a));
    }
    case YAML::NodeType::Map: {
      bj::object o;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return Fail(ErrorCode::kInvalidArgument,
                      "line " + std::to_string(kv.first.Mark().line + 1) + ": keys must be plain names");
        }
        VIGIL_TRY(v, Convert(kv.second, depth + 1, budget));
        o[kv.first.Scalar()] = std::move(v);
      }
      return bj::value(std::move(o));
    }
  }
  return bj::value(nullptr);
}

void Emit(YAML::Emitter& out, const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null: out << YAML::Null; break;
    case bj::kind::bool_: out << (v.get_bool() ? "true" : "false"); break;
    case bj::kind::int64: out << v.get_int64(); break;
    case bj::kind::uint64: out << v.get_uint64(); break;
    case bj::kind::double_: out << v.get_double(); break;
    case bj::kind::string: {
      std::string s(v.get_string());
      // Quote text that would otherwise read back as another type.
      auto plain = Scalar(YAML::Node(s));
      if (plain && !plain->is_string()) {
        out << YAML::DoubleQuoted << s;
      } else {
        out << s;
      }
      break;
    }
    case bj::kind::array:
      out << YAML::BeginSeq;
      for (const auto& e : v.get_array()) Emit(out, e);
      out << YAML::EndSeq;
      break;
    case bj::kind::object:
      out << YAML::BeginMap;
      for (const auto& kv : v.get_object()) {
        out << YAML::Key << std::string(kv.key()) << YAML::Value;
        Emit(out, kv.value());
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

Result<bj::value> YamlToJson(std::string_view text) {
  // yaml-cpp passes bytes through unchecked, and text that is not UTF-8 cannot be stored as JSON:
  // a catalog holding it would not load again.
  if (auto bad = FindInvalidUtf8(text)) {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed YAML at " + PositionText(text, *bad) + ": the text is not valid UTF-8",
                "body");
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    size_t budget = kMinValueBudget + kValuesPerByte * text.size();
    return Convert(root, 0, budget);
  } catch (const YAML::Exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "malformed YAML at " + std::to_string(e.mark.line + 1) + ":" +
                    std::to_string(e.mark.column + 1) + ": " + e.msg,
                "body");
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("malformed YAML: ") + e.what(), "body");
  }
}

std::string JsonToYaml(const bj::value& value) {
  YAML::Emitter out;
  Emit(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace vigil
