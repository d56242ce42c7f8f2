// Evaluator: runs compiled instructions (code.h) against one EvalContext. One switch per value
// kind, recursion along operands only (the tree height is bounded at compile time), no name
// lookups, no parsing, and no heap allocation except for lowercase()/uppercase() results longer
// than StringBuffer's inline capacity and DATETIMEs tested `in @list`.
// An Evaluator is a short-lived view; create one per evaluation (it is two references).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/code.h"
#include "rules/program.h"

namespace vigil::rules {

// Storage for a computed string, owned by the consumer of the string; short results stay inline.
class StringBuffer {
 public:
  StringBuffer() {}  // leaves the inline bytes uninitialised on purpose
  // Room for `size` bytes, valid until the next call.
  char* Allocate(size_t size) {
    if (size <= sizeof inline_) return inline_;
    heap_.resize(size);
    return heap_.data();
  }

 private:
  char inline_[256];
  std::string heap_;
};

class Evaluator {
 public:
  Evaluator(const Code& code, const EvalContext& context) : code_(code), context_(context) {}

  Truth EvalTruth(int32_t index) const;
  Number EvalNumber(int32_t index) const;
  // nullopt is null. The view points into a variable, a constant, or `buffer`.
  std::optional<std::string_view> EvalString(int32_t index, StringBuffer& buffer) const;
  std::optional<int64_t> EvalDateTime(int32_t index) const;

 private:
  const Value* Variable(int32_t slot) const {
    return static_cast<size_t>(slot) < context_.variables.size() ? &context_.variables[slot]
                                                                 : nullptr;
  }
  const ListValues* List(int32_t slot) const {
    return static_cast<size_t>(slot) < context_.lists.size() ? context_.lists[slot] : nullptr;
  }
  // Cases that need a StringBuffer live out of line, so that the recursive EvalTruth keeps a
  // small stack frame.
  [[gnu::noinline]] bool IsNull(const Instruction& instruction) const;
  [[gnu::noinline]] Truth InList(const Instruction& instruction) const;
  [[gnu::noinline]] Truth InStringSet(const Instruction& instruction) const;
  [[gnu::noinline]] Truth RegexMatch(const Instruction& instruction) const;
  [[gnu::noinline]] Truth CompareStrings(const Instruction& instruction) const;
  Truth InNumberSet(const Instruction& instruction) const;

  const Code& code_;
  const EvalContext& context_;
};

}  // namespace vigil::rules
