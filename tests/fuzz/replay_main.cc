// The replay driver: a main() for the fuzz targets where libFuzzer is not linked (the gcc build).
// It runs LLVMFuzzerTestOneInput once on every file of every directory given, so that `make test`
// proves every committed seed and every past crash (tests/fuzz/regressions/) still passes.
//
//   fuzz_rule tests/fuzz/corpus/rule tests/fuzz/regressions/rule
//
// A directory that does not exist is skipped with a note (a target may have no regressions yet);
// no input at all is a failure, so that a wrong path cannot make the test pass vacuously. A
// failing input aborts inside the target (fuzz_check.h) or under a sanitizer, after the line that
// names it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" [[gnu::weak]] int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

// The regular files directly in `dir`, in name order (so that runs are reproducible).
std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path dir = argv[i];
    if (!fs::is_directory(dir)) {
      std::printf("%s: no such directory, skipped\n", argv[i]);
      continue;
    }
    for (const fs::path& file : FilesIn(dir)) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "%s: cannot read\n", file.c_str());
        return 1;
      }
      std::printf("%s (%zu bytes)\n", file.c_str(), bytes.size());
      std::fflush(stdout);
      // A copy of exactly `size` bytes on the heap, as libFuzzer passes it, so that
      // AddressSanitizer catches a read past the end.
      std::vector<uint8_t> data(bytes.begin(), bytes.end());
      LLVMFuzzerTestOneInput(data.data(), data.size());
      ++inputs;
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr, "no inputs found: give the corpus directories as arguments\n");
    return 1;
  }
  std::printf("replayed %zu inputs\n", inputs);
  return 0;
}
