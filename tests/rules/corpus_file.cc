#include "corpus_file.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/time_format.h"

namespace vigil::rules::corpus {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Reads a "quoted" string at the start of `s`, advancing past it. \" and \\ are escapes.
std::optional<std::string> TakeQuoted(std::string_view& s) {
  if (s.empty() || s.front() != '"') return std::nullopt;
  std::string out;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
      out += s[++i];
    } else if (s[i] == '"') {
      s.remove_prefix(i + 1);
      return out;
    } else {
      out += s[i];
    }
  }
  return std::nullopt;
}

std::string TestName(const std::string& path, int line) {
  std::string stem = std::filesystem::path(path).stem().string();
  for (char& c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return stem + "_" + std::to_string(line);
}

class FileParser {
 public:
  explicit FileParser(std::string path) : path_(std::move(path)) {}

  std::vector<Case> Run() {
    std::ifstream in(path_);
    if (!in) return {Malformed(0, "cannot read the file")};
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (size_t i = 0; i < lines.size(); ++i) {
      const int number = static_cast<int>(i) + 1;
      const std::string_view line = Trim(lines[i]);
      if (line.empty() || line.front() == '#') continue;
      if (StartsWith(line, "rule:")) {
        if (open_) Problem(open_line_, "a case without an expect line");
        StartCase(number, Trim(line.substr(5)), lines, i);
      } else if (StartsWith(line, "expect error:")) {
        Expect(number, Case::Expect::kError, std::string(Trim(line.substr(13))));
      } else if (StartsWith(line, "expect:")) {
        const std::string_view what = Trim(line.substr(7));
        if (what == "true") {
          Expect(number, Case::Expect::kMatch, {});
        } else if (what == "false") {
          Expect(number, Case::Expect::kNoMatch, {});
        } else {
          Problem(number, "expect: must be true or false (or use `expect error:`)");
        }
      } else if (StartsWith(line, "with values:")) {
        WithValues(number, std::string(Trim(line.substr(12))));
      } else if (StartsWith(line, "variable ")) {
        Close(number);
        DeclareVariable(number, Trim(line.substr(9)));
      } else if (StartsWith(line, "list ")) {
        Close(number);
        DeclareList(number, Trim(line.substr(5)));
      } else if (StartsWith(line, "now")) {
        Close(number);
        DeclareNow(number, Trim(line.substr(3)));
      } else {
        Problem(number, "unrecognised line: " + std::string(line));
      }
    }
    if (open_) Problem(open_line_, "a case without an expect line");
    if (cases_.empty()) cases_.push_back(Malformed(0, "the file has no cases"));
    // Two problems on one line would share a name; test names must be unique.
    std::set<std::string> names;
    for (Case& c : cases_) {
      const std::string base = c.name;
      for (int n = 2; !names.insert(c.name).second; ++n) c.name = base + "_" + std::to_string(n);
    }
    return std::move(cases_);
  }

 private:
  Case Malformed(int line, std::string why) const {
    Case c;
    c.file = path_;
    c.line = line;
    c.name = TestName(path_, line) + "_malformed";
    c.malformed = std::move(why);
    return c;
  }
  void Problem(int line, std::string why) {
    if (open_ && line == open_line_) open_ = false;
    cases_.push_back(Malformed(line, std::move(why)));
  }

  // A declaration may not interrupt a case between `rule:` and `expect`.
  void Close(int line) {
    if (open_)
      Problem(open_line_,
              "a case without an expect line (next line used: " + std::to_string(line) + ")");
    open_ = false;
    last_expect_.reset();
  }

  void StartCase(int number, std::string_view text, const std::vector<std::string>& lines,
                 size_t& i) {
    pending_ = Case();
    pending_.file = path_;
    pending_.line = number;
    pending_.name = TestName(path_, number);
    pending_.variables = variables_;
    pending_.lists = lists_;
    pending_.now_micros = now_micros_;
    if (!text.empty()) {
      pending_.rule = std::string(text);
    } else {
      // Multi-line: the following lines verbatim, up to the next `expect` line.
      std::vector<std::string> body;
      while (i + 1 < lines.size() && !StartsWith(Trim(lines[i + 1]), "expect")) {
        body.push_back(lines[++i]);
      }
      while (!body.empty() && Trim(body.back()).empty()) body.pop_back();
      for (size_t k = 0; k < body.size(); ++k) pending_.rule += (k ? "\n" : "") + body[k];
      if (body.empty()) {
        Problem(number, "`rule:` without an expression");
        return;
      }
    }
    open_ = true;
    open_line_ = number;
    last_expect_.reset();
  }

  void Expect(int number, Case::Expect expect, std::string error_text) {
    if (!open_) return Problem(number, "an expect line without a `rule:` before it");
    if (expect == Case::Expect::kError && error_text.empty()) {
      return Problem(number, "`expect error:` needs the text the message must contain");
    }
    pending_.expect = expect;
    pending_.error_text = std::move(error_text);
    cases_.push_back(std::move(pending_));
    open_ = false;
    last_expect_ = cases_.size() - 1;
  }

  void WithValues(int number, std::string text) {
    if (!last_expect_ || *last_expect_ != cases_.size() - 1) {
      return Problem(number, "`with values:` must follow `expect: true` or `expect: false`");
    }
    Case& c = cases_[*last_expect_];
    if (c.expect == Case::Expect::kError || c.with_values) {
      return Problem(number, "`with values:` must follow `expect: true` or `expect: false`, once");
    }
    c.with_values = std::move(text);
  }

  // $name TYPE = value
  void DeclareVariable(int number, std::string_view text) {
    std::istringstream words{std::string(text)};
    std::string name, type_name, equals;
    words >> name >> type_name >> equals;
    const auto type = ParseDataType(type_name);
    if (name.size() < 2 || name[0] != '$' || !type || equals != "=") {
      return Problem(number, "expected `variable $name TYPE = value`");
    }
    std::string_view raw = Trim(text.substr(text.find('=') + 1));
    Value value;
    if (raw != "null") {
      std::string literal(raw);
      if (!raw.empty() && raw.front() == '"') {
        auto quoted = TakeQuoted(raw);
        if (!quoted || !Trim(raw).empty()) return Problem(number, "malformed quoted value");
        literal = *quoted;
      }
      auto coerced = CoerceText(literal, *type);
      if (!coerced) return Problem(number, "bad value: " + coerced.error().message);
      value = std::move(*coerced);
    }
    name.erase(0, 1);
    auto existing = std::find_if(variables_.begin(), variables_.end(),
                                 [&](const VariableDeclaration& v) { return v.name == name; });
    if (existing != variables_.end()) {
      *existing = VariableDeclaration{name, *type, std::move(value)};
    } else {
      variables_.push_back(VariableDeclaration{name, *type, std::move(value)});
    }
  }

  // @name = "a", "b"
  void DeclareList(int number, std::string_view text) {
    const size_t equals = text.find('=');
    const std::string_view name = Trim(text.substr(0, equals));
    if (equals == std::string_view::npos || name.size() < 2 || name[0] != '@') {
      return Problem(number, "expected `list @name = \"element\", ...`");
    }
    ListDeclaration list{std::string(name.substr(1)), {}};
    std::string_view rest = Trim(text.substr(equals + 1));
    while (!rest.empty()) {
      auto element = TakeQuoted(rest);
      if (!element) return Problem(number, "list elements must be \"quoted\"");
      list.elements.push_back(std::move(*element));
      rest = Trim(rest);
      if (rest.empty()) break;
      if (rest.front() != ',') return Problem(number, "list elements are separated by commas");
      rest = Trim(rest.substr(1));
    }
    auto existing = std::find_if(lists_.begin(), lists_.end(),
                                 [&](const ListDeclaration& l) { return l.name == list.name; });
    if (existing != lists_.end()) {
      *existing = std::move(list);
    } else {
      lists_.push_back(std::move(list));
    }
  }

  void DeclareNow(int number, std::string_view text) {
    if (text.empty() || text.front() != '=') return Problem(number, "expected `now = <ISO-8601>`");
    auto micros = ParseIso8601(Trim(text.substr(1)));
    if (!micros) return Problem(number, micros.error().message);
    now_micros_ = *micros;
  }

  std::string path_;
  std::vector<Case> cases_;
  std::vector<VariableDeclaration> variables_;
  std::vector<ListDeclaration> lists_;
  int64_t now_micros_ = 0;
  Case pending_;
  bool open_ = false;
  int open_line_ = 0;
  std::optional<size_t> last_expect_;  // the case an expect line just completed
};

}  // namespace

std::vector<Case> LoadFile(const std::string& path) { return FileParser(path).Run(); }

std::vector<Case> LoadDirectory(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".test") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Case> cases;
  for (const auto& path : paths) {
    auto file_cases = LoadFile(path);
    cases.insert(cases.end(), std::make_move_iterator(file_cases.begin()),
                 std::make_move_iterator(file_cases.end()));
  }
  if (cases.empty()) {
    Case c;
    c.file = directory;
    c.name = "no_corpus_malformed";
    c.malformed = "no .test files in " + directory + (error ? " (" + error.message() + ")" : "");
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace vigil::rules::corpus
