// ListValues: the elements of one list (@name) as the evaluator sees them. AFD list elements are
// strings; membership is exact and case-sensitive. Lookup by string_view allocates nothing.
// Immutable after construction; safe to read from many threads.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace vigil::rules {

class ListValues {
 public:
  ListValues() = default;
  // Duplicates are allowed and collapse.
  explicit ListValues(std::vector<std::string> elements);

  bool Contains(std::string_view element) const {
    return elements_.find(element) != elements_.end();
  }
  // Distinct elements.
  size_t size() const { return elements_.size(); }

 private:
  // Transparent hashing lets find() take a string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> elements_;
};

}  // namespace vigil::rules
