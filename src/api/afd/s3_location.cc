#include "api/afd/s3_location.h"

#include <filesystem>
#include <system_error>

namespace vigil::api::afd {

namespace fs = std::filesystem;

Result<std::string> LocalPath(const std::string& s3_root, std::string_view location,
                              const std::string& field, S3Use use) {
  auto refuse = [&](const std::string& why) -> Result<std::string> {
    return Fail(ErrorCode::kInvalidArgument,
                field + " '" + std::string(location) + "': " + why, field);
  };
  if (s3_root.empty()) return refuse("this server maps no directory to S3 (--s3-root)");
  constexpr std::string_view kScheme = "s3://";
  if (!location.starts_with(kScheme)) return refuse("must be s3://bucket/key");
  const std::string_view path = location.substr(kScheme.size());
  fs::path local(s3_root);
  size_t segments = 0;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return refuse("every part of bucket/key must be a name (no empty, '.' or '..' part): "
                    "a location may not leave the S3 directory");
    }
    local /= std::string(segment);
    ++segments;
    start = end + 1;
  }
  if (segments < 2) return refuse("must be s3://bucket/key");
  std::error_code error;
  if (use == S3Use::kRead) {
    if (!fs::is_regular_file(local, error)) {
      return refuse("no such file: " + local.string() + " (s3://bucket/key is <s3_root>/bucket/key)");
    }
  } else {
    fs::create_directories(local.parent_path(), error);
    if (error) return refuse("cannot make " + local.parent_path().string() + ": " + error.message());
  }
  return local.string();
}

}  // namespace vigil::api::afd
