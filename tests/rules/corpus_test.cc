// Runs the rule corpus (*.test in VIGIL_RULES_CORPUS_DIR; format in corpus_file.h): every case
// is its own test, named <file>_<line>, and reports failures at the case's file:line.
#include <gtest/gtest.h>

#include <regex>

#include "corpus_file.h"
#include "rules/rules.h"

#ifndef VIGIL_RULES_CORPUS_DIR
#error "VIGIL_RULES_CORPUS_DIR must name the directory of the .test files"
#endif

namespace vigil::rules {
namespace corpus {
// Failing parameterised tests print their parameter; show where the case is, not its bytes.
void PrintTo(const Case& c, std::ostream* out) { *out << c.file << ":" << c.line; }
}  // namespace corpus

namespace {

using corpus::Case;

class RulesCorpus : public testing::TestWithParam<Case> {};

std::string Shown(const std::string& rule) {
  return rule.find('\n') == std::string::npos ? rule : "\n" + rule;
}

TEST_P(RulesCorpus, Case) {
  const Case& c = GetParam();
  if (!c.malformed.empty()) {
    ADD_FAILURE_AT(c.file.c_str(), c.line) << "malformed corpus file: " << c.malformed;
    return;
  }
  Environment env;
  std::vector<Value> values;
  for (const auto& variable : c.variables) {
    env.AddVariable(variable.name, variable.type);
    values.push_back(variable.value);
  }
  std::vector<std::unique_ptr<ListValues>> owned;
  std::vector<const ListValues*> lists;
  for (const auto& list : c.lists) {
    env.AddList(list.name);
    owned.push_back(std::make_unique<ListValues>(list.elements));
    lists.push_back(owned.back().get());
  }
  auto program = Compile(c.rule, env);
  if (c.expect == Case::Expect::kError) {
    if (program) {
      ADD_FAILURE_AT(c.file.c_str(), c.line)
          << "rule: " << Shown(c.rule)
          << "\ncompiled, but expected an error containing: " << c.error_text;
      return;
    }
    const Error& error = program.error();
    if (error.message.find(c.error_text) == std::string::npos) {
      ADD_FAILURE_AT(c.file.c_str(), c.line)
          << "rule: " << Shown(c.rule) << "\nexpected an error containing: " << c.error_text
          << "\n                     actual: " << error.message;
    }
    if (error.code != ErrorCode::kInvalidArgument || error.field != "expression" ||
        !std::regex_search(error.message, std::regex("^[0-9]+:[0-9]+: "))) {
      ADD_FAILURE_AT(c.file.c_str(), c.line)
          << "compile errors must be InvalidArgument, field \"expression\", message "
             "\"line:col: ...\"; got field \""
          << error.field << "\", message: " << error.message;
    }
    return;
  }
  if (!program) {
    ADD_FAILURE_AT(c.file.c_str(), c.line)
        << "rule: " << Shown(c.rule) << "\ndid not compile: " << program.error().message;
    return;
  }
  const EvalContext context{values, lists, c.now_micros};
  const bool expected = c.expect == Case::Expect::kMatch;
  const bool matched = (*program)->Evaluate(context);
  const std::string rendered = (*program)->ExpressionWithValues(context);
  if (matched != expected) {
    ADD_FAILURE_AT(c.file.c_str(), c.line)
        << "rule: " << Shown(c.rule) << "\nexpected " << (expected ? "true" : "false") << ", got "
        << (matched ? "true" : "false") << "\nwith values: " << rendered;
  }
  if (c.with_values && *c.with_values != rendered) {
    ADD_FAILURE_AT(c.file.c_str(), c.line)
        << "rule: " << Shown(c.rule) << "\nexpected with values: " << *c.with_values
        << "\n           actual: " << rendered;
  }
  if ((*program)->expression() != c.rule) {
    ADD_FAILURE_AT(c.file.c_str(), c.line) << "expression() does not return the rule text";
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, RulesCorpus,
                         testing::ValuesIn(corpus::LoadDirectory(VIGIL_RULES_CORPUS_DIR)),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

// The loader itself: a malformed file must fail, never be skipped.
TEST(RulesCorpusFormat, MalformedFilesBecomeFailingCases) {
  const std::string path = testing::TempDir() + "/malformed_corpus.test";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "variable $x INTEGER = 1\nrule: $x > 0\nexpect: maybe\nbogus line\n"
        "rule: $x > 1\nwith values: 1 > 1\n",
        f);
    std::fclose(f);
  }
  auto cases = corpus::LoadFile(path);
  int malformed = 0;
  for (const auto& c : cases) malformed += !c.malformed.empty();
  EXPECT_GE(malformed, 3) << "bad expect, unrecognised line, case without expect";
  for (const auto& c : cases) EXPECT_FALSE(c.name.empty());

  EXPECT_FALSE(corpus::LoadFile(path + ".missing").front().malformed.empty());
  EXPECT_FALSE(corpus::LoadDirectory(path + ".missing_dir").front().malformed.empty());
  std::remove(path.c_str());
}

TEST(RulesCorpusFormat, ReadsDeclarationsAndMultiLineRules) {
  const std::string path = testing::TempDir() + "/good_corpus.test";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "# comment\nvariable $s STRING = \"a \\\"q\\\"\"\nlist @l = \"x\", \"y z\"\n"
        "now = 2025-01-01T00:00:00Z\nrule:\n  $s == \"a\"\n  or $s in @l\nexpect: false\n"
        "with values: x\nvariable $s STRING = null\nrule: $s == null\nexpect: true\n",
        f);
    std::fclose(f);
  }
  auto cases = corpus::LoadFile(path);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].malformed, "");
  EXPECT_EQ(cases[0].rule, "  $s == \"a\"\n  or $s in @l");
  EXPECT_EQ(cases[0].variables[0].value, Value::String("a \"q\""));
  EXPECT_EQ(cases[0].lists[0].elements, (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(cases[0].with_values, "x");
  EXPECT_EQ(cases[0].now_micros, 1735689600000000);
  EXPECT_TRUE(cases[1].variables[0].value.is_null());
  EXPECT_EQ(cases[1].line, 11);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace vigil::rules
