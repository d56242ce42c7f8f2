#include "rules/diagnostics.h"

#include <algorithm>
#include <vector>

namespace vigil::rules {

namespace {

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

// Levenshtein distance; names here are short (at most a few dozen bytes), so O(n*m) is fine.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitute = diagonal + (LowerAscii(a[i - 1]) == LowerAscii(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

SourcePosition Locate(std::string_view source, size_t offset) {
  SourcePosition position;
  offset = std::min(offset, source.size());
  for (size_t i = 0; i < offset; ++i) {
    const unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++position.column;
    }
  }
  return position;
}

std::string FormatPosition(SourcePosition position) {
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

Error CompileError(std::string_view source, size_t offset, std::string_view message) {
  return Error{ErrorCode::kInvalidArgument,
               FormatPosition(Locate(source, offset)) + ": " + std::string(message), "expression"};
}

std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates) {
  constexpr size_t kMaxComparedLength = 128;  // bounds the work on hostile input
  if (name.size() > kMaxComparedLength) return {};
  for (std::string_view candidate : candidates) {
    if (EqualsIgnoringCase(name, candidate)) return candidate;
  }
  const size_t allowed = std::max<size_t>(1, name.size() / 3);
  std::string_view best;
  size_t best_distance = allowed + 1;
  for (std::string_view candidate : candidates) {
    if (candidate.size() > kMaxComparedLength || candidate.size() + allowed < name.size() ||
        name.size() + allowed < candidate.size()) {
      continue;  // the length difference alone is too large
    }
    const size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (!best.empty() || name.size() < 3) return best;
  // A truncated name ("blocked" for "blocked_ips") is far in edit distance but obvious to a reader.
  for (std::string_view candidate : candidates) {
    const bool prefix = candidate.size() > name.size() &&
                        EqualsIgnoringCase(candidate.substr(0, name.size()), name);
    if (prefix && (best.empty() || candidate.size() < best.size())) best = candidate;
  }
  return best;
}

}  // namespace vigil::rules
