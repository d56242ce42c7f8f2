# Building with clang against Debian 12's libstdc++ 12 (the fuzz and sanitizer build uses clang-16,
# because only clang has libFuzzer).
#
# libstdc++ 12 declares std::expected (our Result<T>, core/result.h) only when __cpp_concepts >=
# 202002L, the value that announces P0848R3, conditionally trivial special member functions, which
# <expected> relies on. Clang 16 implements P0848R3 but still reports 201907L (clang raised the
# macro later, once it had fixed the remaining issues around the paper), so <expected> comes out
# empty. Where that is the case, and only then, we redefine the macro to the value the library
# checks; the probe below proves that <expected> then compiles and behaves for a type with a
# non-trivial destructor, and the configure step fails loudly if it does not.
include(CheckCXXSourceCompiles)

set(_vigil_expected_probe [=[
#include <expected>
#include <string>
std::expected<std::string, int> Half(int x) {
  if (x % 2) return std::unexpected(x);
  return std::string(static_cast<size_t>(x / 2), 'a');
}
int main() { return Half(4).value().size() == 2 && !Half(3) ? 0 : 1; }
]=])

set(CMAKE_REQUIRED_FLAGS "-std=c++2b")
check_cxx_source_compiles("${_vigil_expected_probe}" VIGIL_CLANG_HAS_EXPECTED)
if(NOT VIGIL_CLANG_HAS_EXPECTED)
  set(_vigil_concepts_flags -U__cpp_concepts -D__cpp_concepts=202002L
                            -Wno-builtin-macro-redefined)
  list(JOIN _vigil_concepts_flags " " CMAKE_REQUIRED_FLAGS)
  string(PREPEND CMAKE_REQUIRED_FLAGS "-std=c++2b ")
  check_cxx_source_compiles("${_vigil_expected_probe}" VIGIL_CLANG_EXPECTED_WITH_CONCEPTS_202002)
  if(NOT VIGIL_CLANG_EXPECTED_WITH_CONCEPTS_202002)
    message(FATAL_ERROR "std::expected is unavailable with ${CMAKE_CXX_COMPILER} and this "
                        "standard library, even with __cpp_concepts=202002L")
  endif()
  add_compile_options(${_vigil_concepts_flags})
endif()
unset(CMAKE_REQUIRED_FLAGS)
