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
