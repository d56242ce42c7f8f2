// The rule corpus format: plain-text .test files that read like documentation, each case a rule,
// the names and values it sees, and what must happen. Every .test file repeats this summary at
// its top:
//
//   # comment                         (blank lines and lines starting with # are ignored)
//   variable $name TYPE = value       declares a variable, or redeclares it (same slot, new type
//                                     and value), for all cases below. TYPE is STRING, INTEGER,
//                                     FLOAT, BOOLEAN or DATETIME. value is null, a "quoted"
//                                     string (\" and \\ escapes) or bare text, converted to TYPE
//                                     like an event field (so 900 for a FLOAT is 900.0).
//   list @name = "a", "b"             declares a list with these elements (quoted,
//   comma-separated);
//                                     `list @name =` declares an empty one.
//   now = 2025-07-15T12:00:00Z        what getcurrentdatetime() returns (default: the epoch).
//   rule: <expression>                starts a case. `rule:` alone takes the following lines,
//   verbatim,
//                                     up to the next line starting with `expect`.
//   expect: true                      the rule compiles and matches (or `expect: false`: it
//   compiles
//                                     and does not match);
//   expect error: <text>              or compiling fails with a message that contains <text>
//                                     (write it with its line:col, e.g. `1:9: unknown list @x`).
//   with values: <text>               optional, after expect true/false: the exact expression with
//                                     values.
//
// A file that breaks these rules is malformed; the loader turns every problem into a failing case
// at the offending line rather than skipping anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/value.h"

namespace vigil::rules::corpus {

struct VariableDeclaration {
  std::string name;
  DataType type = DataType::kString;
  Value value;
};

struct ListDeclaration {
  std::string name;
  std::vector<std::string> elements;
};

struct Case {
  std::string file;  // path as given to the loader
  int line = 0;      // line of `rule:` (or of the problem, for a malformed case)
  std::string name;  // unique test name: <file stem>_<line>, letters, digits and _
  std::vector<VariableDeclaration> variables;
  std::vector<ListDeclaration> lists;
  int64_t now_micros = 0;
  std::string rule;
  enum class Expect { kMatch, kNoMatch, kError } expect = Expect::kMatch;
  std::string error_text;                  // kError
  std::optional<std::string> with_values;  // kMatch / kNoMatch
  std::string malformed;                   // non-empty: the file is wrong here; the case must fail
};

// The cases of one file, in file order. Unreadable or empty files yield one malformed case.
std::vector<Case> LoadFile(const std::string& path);

// The cases of every *.test file directly in `directory`, files in name order. A missing or
// empty directory yields one malformed case.
std::vector<Case> LoadDirectory(const std::string& directory);

}  // namespace vigil::rules::corpus
