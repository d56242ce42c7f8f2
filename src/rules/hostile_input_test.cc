// Whatever the text, Compile returns (a Program or a "line:col: " error) and evaluation of what
// compiles terminates without crashing. A fuzzer will do this at scale; this is the deterministic
// floor that runs with every build.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "rules/rules.h"

namespace vigil::rules {
namespace {

Environment FuzzEnvironment() {
  Environment env;
  env.AddVariable("i", DataType::kInteger);
  env.AddVariable("f", DataType::kFloat);
  env.AddVariable("s", DataType::kString);
  env.AddVariable("b", DataType::kBoolean);
  env.AddVariable("d", DataType::kDateTime);
  env.AddVariable("a-b", DataType::kInteger);
  env.AddList("l");
  env.AddList("m");
  return env;
}

// Returns whether `text` compiled (and was then evaluated).
bool ExpectCompileTerminates(std::string_view text, const Environment& env) {
  static const std::regex kPosition("^[0-9]+:[0-9]+: ");
  auto program = Compile(text, env);
  if (!program) {
    EXPECT_TRUE(std::regex_search(program.error().message, kPosition)) << program.error().message;
    EXPECT_EQ(program.error().field, "expression");
    return false;
  }
  const std::vector<Value> nulls(6);
  const std::vector<Value> values = {Value::Integer(INT64_MIN), Value::Float(-0.0),
                                     Value::String(""),         Value::Boolean(true),
                                     Value::Time(DateTime{-1}), Value::Integer(INT64_MAX)};
  const ListValues list({"", "0"});
  const std::vector<const ListValues*> lists = {&list, nullptr};
  for (const auto* v : {&nulls, &values}) {
    const EvalContext context{*v, lists, 0};
    (*program)->Evaluate(context);
    (*program)->ExpressionWithValues(context);
  }
  return true;
}

TEST(RulesHostileInput, LengthLimitCountsCharacters) {
  const Environment env = FuzzEnvironment();
  std::string rule = "$s == \"" + std::string(4096 - 9, 'x') + "\"";
  ASSERT_EQ(rule.size(), 4095u);
  EXPECT_TRUE(Compile(rule + " ", env));
  auto too_long = Compile(rule + "  ", env);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().message, "1:1: the rule is 4097 characters long; the limit is 4096");
  // Two-byte characters count once.
  std::string accents = "$s == \"";
  for (int i = 0; i < 4000; ++i) accents += "é";
  EXPECT_TRUE(Compile(accents + "\"", env));
}

TEST(RulesHostileInput, DeepAndLongShapes) {
  const Environment env = FuzzEnvironment();
  for (std::string_view unit : {"(", "not ", "!", "-", "[", "lowercase(", "$i in [", "(("}) {
    std::string text;
    while (text.size() + unit.size() <= 4096) text += unit;
    ExpectCompileTerminates(text, env);
  }
  std::string closes(4096, ')');
  ExpectCompileTerminates(closes, env);
  std::string ands = "$b";
  while (ands.size() < 4080) ands += " and $b";
  ExpectCompileTerminates(ands, env);
  std::string sums = "$i";
  while (sums.size() < 4080) sums += "+1";
  ExpectCompileTerminates(sums + ">0", env);
  ExpectCompileTerminates(std::string(4096, '"'), env);
  ExpectCompileTerminates(std::string(4096, '$'), env);
  ExpectCompileTerminates(std::string("$s == \"\0\"", 9), env);
  ExpectCompileTerminates("\xff\xfe $s", env);
  ExpectCompileTerminates("regex_match(\"\xff\", $s)", env);
}

// Random well-typed rules over $i, $f, $s, $b (no DATETIME variables, whose rendering as text
// would compare differently), checked against invariants of three-valued logic and against the
// same rule with its values written in (which the compiler folds to constants).
class RuleGenerator {
 public:
  explicit RuleGenerator(uint32_t seed) : random_(seed) {}

  std::string Boolean(int depth) {
    switch (Pick(depth <= 0 ? 4 : 12)) {
      case 0:
        return "$b";
      case 1:
        return Pick(2) ? "true" : "false";
      case 2:
        return Number(depth - 1) + " " + Comparison() + " " + Number(depth - 1);
      case 3:
        return String(depth - 1) + " " + Comparison() + " " + String(depth - 1);
      case 4:
        return "not " + Boolean(depth - 1);
      case 5:
        return "(" + Boolean(depth - 1) + (Pick(2) ? " and " : " or ") + Boolean(depth - 1) + ")";
      case 6:
        return String(depth - 1) + (Pick(2) ? " in @l" : " not in @l");
      case 7:
        return Number(depth - 1) + (Pick(2) ? " in [7, 2.5, -1]" : " not in [0, 3.5]");
      case 8:
        return "regex_match(\"[a-z]*\", " + String(depth - 1) + ")";
      case 9:
        return "(" + Number(depth - 1) + (Pick(2) ? ") == null" : ") != null");
      case 10:
        return "(" + Boolean(depth - 1) + ") == (" + Boolean(depth - 1) + ")";
      default:
        return "isbefore(\"2020-01-01\", getcurrentdatetime())";
    }
  }

 private:
  int Pick(int n) { return static_cast<int>(random_() % n); }
  std::string Comparison() {
    static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
    return kOps[Pick(6)];
  }
  std::string Number(int depth) {
    static const char* kOps[] = {"+", "-", "*", "/", "%"};
    switch (Pick(depth <= 0 ? 4 : 7)) {
      case 0:
        return "$i";
      case 1:
        return "$f";
      case 2:
        return std::to_string(Pick(5) - 2);
      case 3:
        return Pick(2) ? "2.5" : "$a-b";
      case 4:
        return "(" + Number(depth - 1) + " " + kOps[Pick(5)] + " " + Number(depth - 1) + ")";
      case 5:
        return "-" + Number(depth - 1);
      default:
        return "getepochmilliseconds(\"1970-01-01T00:00:00.007Z\")";
    }
  }
  std::string String(int depth) {
    switch (Pick(depth <= 0 ? 2 : 4)) {
      case 0:
        return "$s";
      case 1:
        return Pick(2) ? "\"ab\"" : "'Ab'";
      case 2:
        return "lowercase(" + String(depth - 1) + ")";
      default:
        return "uppercase(" + String(depth - 1) + ")";
    }
  }
  std::mt19937 random_;
};

TEST(RulesHostileInput, GeneratedRulesAreConsistent) {
  const Environment env = FuzzEnvironment();
  const std::vector<Value> values = {Value::Integer(7),    Value::Float(2.5), Value::String("Ab"),
                                     Value::Boolean(true), Value::Null(),     Value::Integer(-1)};
  const std::vector<Value> nulls(6);
  const ListValues list({"ab", "7", "2.5"});
  const std::vector<const ListValues*> lists = {&list, nullptr};
  RuleGenerator generator(42);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    const std::string rule = generator.Boolean(4);
    auto program = Compile(rule, env);
    ASSERT_TRUE(program) << rule << ": " << program.error().message;
    auto negated = Compile("not (" + rule + ")", env);
    auto is_null = Compile("(" + rule + ") == null", env);
    ASSERT_TRUE(negated && is_null) << rule;
    for (const auto* v : {&values, &nulls}) {
      const EvalContext context{*v, lists, 1752580800000000};
      const bool matched = (*program)->Evaluate(context);
      const bool negation = (*negated)->Evaluate(context);
      EXPECT_FALSE(matched && negation) << rule;
      EXPECT_EQ((*is_null)->Evaluate(context), !matched && !negation) << rule;
    }
    const EvalContext context{values, lists, 1752580800000000};
    const std::string with_values = (*program)->ExpressionWithValues(context);
    auto folded = Compile(with_values, env);
    ASSERT_TRUE(folded) << with_values << ": " << folded.error().message;
    EXPECT_EQ((*folded)->Evaluate(context), (*program)->Evaluate(context))
        << rule << "\n  with values: " << with_values;
  }
}

TEST(RulesHostileInput, RandomTokenSoup) {
  const Environment env = FuzzEnvironment();
  const std::vector<std::string> vocabulary = {"$i",
                                               "$f",
                                               "$s",
                                               "$b",
                                               "$d",
                                               "$a-b",
                                               "$x",
                                               "@l",
                                               "@m",
                                               "@n",
                                               "1",
                                               "0",
                                               "-1",
                                               "2.5",
                                               "9223372036854775807",
                                               "\"a\"",
                                               "'2025-01-01'",
                                               "\"(\"",
                                               "true",
                                               "false",
                                               "null",
                                               "and",
                                               "or",
                                               "not",
                                               "!",
                                               "in",
                                               "(",
                                               ")",
                                               "[",
                                               "]",
                                               ",",
                                               "+",
                                               "-",
                                               "*",
                                               "/",
                                               "%",
                                               "==",
                                               "!=",
                                               "<",
                                               "<=",
                                               ">",
                                               ">=",
                                               "regex_match",
                                               "lowercase",
                                               "uppercase",
                                               "getcurrentdatetime",
                                               "isbefore",
                                               "isafter",
                                               "getepochmilliseconds",
                                               "geteventdatetime",
                                               "gethour",
                                               "getdayofweek",
                                               "=",
                                               "&&",
                                               "\"",
                                               "$",
                                               "@",
                                               ".",
                                               "\n",
                                               "é"};
  std::mt19937 random(20250715);
  int compiled = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string text;
    const int length = 1 + static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) {
      text += vocabulary[random() % vocabulary.size()];
      if (random() % 3 != 0) text += ' ';
    }
    compiled += ExpectCompileTerminates(text, env);
  }
  std::printf("%d of 20000 random rules compiled\n", compiled);
}

TEST(RulesHostileInput, RandomBytes) {
  const Environment env = FuzzEnvironment();
  std::mt19937 random(7);
  for (int iteration = 0; iteration < 5000; ++iteration) {
    std::string text(random() % 64, '\0');
    for (char& c : text) c = static_cast<char>(random() % 256);
    ExpectCompileTerminates(text, env);
  }
}

}  // namespace
}  // namespace vigil::rules
