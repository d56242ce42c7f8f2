// Fuzz target: the DETECTORPL compiler and evaluator (rules/rules.h). The input is a rule's text,
// compiled against a fixed environment that declares every variable and list name the rule corpus
// (tests/rules/*.test) uses, one of each type, so that the seeds taken from the corpus compile.
// A rule that compiles is evaluated, and rendered with values, on several bindings: every variable
// null, ordinary values, extreme values (the integer limits, infinities, NaN, long and non-ASCII
// strings, the earliest and latest instants) and values of the wrong kind (which read as null).
//
// Invariants checked beyond "no crash, no leak, no undefined behaviour":
// - a refused rule gets InvalidArgument, field "expression", and "line:col: why" with a position
//   inside the text;
// - evaluation is deterministic, and the rendering with values is never empty;
// - three-valued logic: a rule and `not (rule)` never both match.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "rules/rules.h"

namespace vigil::rules {
namespace {

constexpr int64_t kJuly15 = 1'752'580'800'000'000;  // 2025-07-15T12:00:00Z

// One variable of the environment and what it holds in each binding.
struct Declared {
  const char* name;
  DataType type;
  Value ordinary;
  Value extreme;
};

std::vector<Declared> Declarations() {
  using V = Value;
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  const std::string long_text(300, 'x');  // longer than the evaluator's inline string buffer
  return {
      {"2fa_used", DataType::kBoolean, V::Boolean(true), V::Boolean(false)},
      {"Amount", DataType::kInteger, V::Integer(5), V::Integer(max)},
      {"a", DataType::kInteger, V::Integer(1), V::Integer(min)},
      {"a-b", DataType::kInteger, V::Integer(3), V::Integer(-1)},
      {"amount", DataType::kInteger, V::Integer(1000), V::Integer(max)},
      {"ato_model_insightscore", DataType::kFloat, V::Float(12.5), V::Float(nan)},
      {"b", DataType::kBoolean, V::Boolean(false), V::Boolean(true)},
      {"big", DataType::kInteger, V::Integer(max), V::Integer(min)},
      {"blocked", DataType::kBoolean, V::Boolean(true), V::Boolean(false)},
      {"c", DataType::kBoolean, V::Boolean(true), V::Boolean(true)},
      {"card-bin", DataType::kString, V::String("411111"), V::String("")},
      {"country", DataType::kString, V::String("US"), V::String(long_text)},
      {"email", DataType::kString, V::String("Bob@Example.com"), V::String("\xff\xfe")},
      {"empty", DataType::kString, V::String(""), V::String(std::string(1, '\0'))},
      {"flag", DataType::kBoolean, V::Boolean(false), V::Boolean(true)},
      {"fraud_model_insightscore", DataType::kFloat, V::Float(900), V::Float(inf)},
      {"huge", DataType::kInteger, V::Integer(min), V::Integer(max)},
      {"ip", DataType::kString, V::String("123.45.67.89"), V::String("\"\\\n")},
      {"ip_address", DataType::kString, V::String("10.0.0.1"), V::String(long_text + "\xc3\xa9")},
      {"long", DataType::kString, V::String(long_text), V::String("")},
      {"missing", DataType::kFloat, V::Null(), V::Float(-inf)},
      {"n", DataType::kInteger, V::Integer(-7), V::Integer(0)},
      {"name", DataType::kString, V::String("Z\xc3\xbcrich \xe2\x9c\x93"), V::String("$n @x")},
      {"note", DataType::kString, V::String("a \"quoted\" \\ note"), V::String("\t\r")},
      {"phone", DataType::kString, V::String("+1 555 0100"), V::String("+")},
      {"price", DataType::kFloat, V::Float(19.99), V::Float(-0.0)},
      {"rate", DataType::kFloat, V::Float(0.5), V::Float(1e308)},
      {"s", DataType::kString, V::String("abc"), V::String("ABC")},
      {"score", DataType::kFloat, V::Float(900), V::Float(-1e308)},
      {"signup", DataType::kDateTime, V::Time({kJuly15 - 86'400'000'000}), V::Time({min})},
      {"transaction_amount", DataType::kInteger, V::Integer(1000), V::Integer(min + 1)},
      {"verified", DataType::kBoolean, V::Boolean(true), V::Boolean(false)},
      {"vip", DataType::kBoolean, V::Boolean(false), V::Boolean(true)},
      {"when", DataType::kDateTime, V::Time({kJuly15}), V::Time({max})},
      {"x", DataType::kFloat, V::Float(2.5), V::Float(5e-324)},
      {"zero", DataType::kInteger, V::Integer(0), V::Integer(0)},
      {"zip", DataType::kInteger, V::Integer(90210), V::Integer(-90210)},
  };
}

struct DeclaredList {
  const char* name;
  std::vector<std::string> elements;
};

std::vector<DeclaredList> ListDeclarations() {
  return {
      {"blocked", {"a", "b"}},
      {"blocked_ips", {"123.45.67.89", "10.0.0.1"}},
      {"days", {"2025-07-15T12:00:00Z"}},
      {"emails", {"bob@example.com"}},
      {"empty", {}},
      {"scores", {"900", "12.5", "inf", "nan"}},
      {"zips", {"90210", "10001", ""}},
  };
}

struct Fixture {
  Environment env;
  std::vector<std::unique_ptr<ListValues>> owned_lists;
  std::vector<const ListValues*> lists;
  std::vector<const ListValues*> unset_lists;  // every list slot null: empty lists
  std::vector<Value> ordinary, extreme, wrong_kind;
};

const Fixture& TheFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    const std::vector<Declared> declared = Declarations();
    for (const auto& d : declared) {
      f->env.AddVariable(d.name, d.type);
      f->ordinary.push_back(d.ordinary);
      f->extreme.push_back(d.extreme);
    }
    // Each slot gets the value of a neighbour of another type, where there is one.
    for (size_t i = 0; i < declared.size(); ++i) {
      f->wrong_kind.push_back(declared[(i + 1) % declared.size()].ordinary);
    }
    for (auto& l : ListDeclarations()) {
      f->env.AddList(l.name);
      f->owned_lists.push_back(std::make_unique<ListValues>(std::move(l.elements)));
      f->lists.push_back(f->owned_lists.back().get());
      f->unset_lists.push_back(nullptr);
    }
    return f;
  }();
  return *fixture;
}

std::vector<EvalContext> Bindings(const Fixture& f) {
  return {
      EvalContext{{}, {}, 0, 0},  // every variable null, every list empty, the epoch
      EvalContext{f.ordinary, f.lists, kJuly15, kJuly15 - 1},
      EvalContext{f.extreme, f.lists, std::numeric_limits<int64_t>::max(),
                  std::numeric_limits<int64_t>::min()},
      EvalContext{f.extreme, f.unset_lists, std::numeric_limits<int64_t>::min(),
                  std::numeric_limits<int64_t>::max()},
      EvalContext{f.wrong_kind, f.lists, -1, -1},
  };
}

// "line:col: why", with the position inside `text` (or just past its end).
void CheckCompileError(const Error& e, std::string_view text) {
  FUZZ_CHECK(e.code == ErrorCode::kInvalidArgument, "a refused rule is InvalidArgument");
  FUZZ_CHECK(e.field == "expression", "a refused rule's error names the expression");
  int line = 0, column = 0;
  const bool positioned = std::sscanf(e.message.c_str(), "%d:%d", &line, &column) == 2;
  const std::string prefix = std::to_string(line) + ":" + std::to_string(column) + ": ";
  FUZZ_CHECK(positioned && e.message.starts_with(prefix) && e.message.size() > prefix.size(),
             "a compile error reads \"line:col: why\": " + e.message);
  // Lines are 1-based; columns count code points, so a line's byte length bounds them.
  std::vector<size_t> line_bytes{0};
  for (char ch : text) {
    if (ch == '\n') {
      line_bytes.push_back(0);
    } else {
      ++line_bytes.back();
    }
  }
  FUZZ_CHECK(line >= 1 && static_cast<size_t>(line) <= line_bytes.size(),
             "a compile error's line is in the rule: " + e.message);
  FUZZ_CHECK(column >= 1 && static_cast<size_t>(column) <= line_bytes[line - 1] + 1,
             "a compile error's column is in its line: " + e.message);
}

// A value expression's value is null or of its static type; a rule, compiled as a value
// expression, is TRUE exactly when it matches.
void CheckValueExpression(const Fixture& f, std::string_view text, const Program* rule) {
  auto expression = CompileExpression(text, f.env);
  if (!expression) {
    FUZZ_CHECK(rule == nullptr, "a rule compiles as a value expression too");
    CheckCompileError(expression.error(), text);
    return;
  }
  const RuleType type = (*expression)->result_type();
  FUZZ_CHECK(rule == nullptr || type == RuleType::kBoolean, "a rule's value is BOOLEAN");
  for (const EvalContext& context : Bindings(f)) {
    const Value value = (*expression)->EvaluateValue(context);
    const bool fits = value.is_null() || (type == RuleType::kBoolean && value.is_boolean()) ||
                      (IsNumeric(type) && value.is_number()) ||
                      (type == RuleType::kString && value.is_string()) ||
                      (type == RuleType::kDateTime && value.is_datetime());
    FUZZ_CHECK(fits, "a value expression's value is null or of its type");
    if (rule != nullptr) {
      FUZZ_CHECK(rule->Evaluate(context) == (value == Value::Boolean(true)),
                 "a rule matches exactly when its value is TRUE");
    }
  }
}

}  // namespace
}  // namespace vigil::rules

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigil::rules;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Fixture& f = TheFixture();
  auto program = Compile(text, f.env);
  CheckValueExpression(f, text, program ? program->get() : nullptr);
  if (!program) {
    CheckCompileError(program.error(), text);
    return 0;
  }
  // The negation, on a line of its own so that the rule's text cannot swallow the parenthesis.
  auto negated = Compile("not (\n" + std::string(text) + "\n)", f.env);
  for (const EvalContext& context : Bindings(f)) {
    const bool matched = (*program)->Evaluate(context);
    FUZZ_CHECK(matched == (*program)->Evaluate(context), "evaluation is deterministic");
    const std::string rendered = (*program)->ExpressionWithValues(context);
    FUZZ_CHECK(!rendered.empty(), "a rule renders with values");
    FUZZ_CHECK(rendered == (*program)->ExpressionWithValues(context),
               "rendering with values is deterministic");
    if (negated) {
      FUZZ_CHECK(!(matched && (*negated)->Evaluate(context)),
                 "a rule and its negation never both match");
    }
  }
  return 0;
}
