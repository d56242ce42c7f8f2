#include "catalog/detector_file.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/json.h"
#include "core/yaml.h"

namespace vigil::catalog {

namespace bj = boost::json;
namespace fs = std::filesystem;

namespace {

Result<std::string> ReadText(const std::string& path, const std::string& what) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kInvalidArgument, "cannot read " + what + " " + path);
  text << in.rdbuf();
  return text.str();
}

// Puts each models[i].versions[j] given as {file: PATH} in its file's place.
Status ReadModelVersionFiles(bj::value& document, const fs::path& base) {
  bj::value* models = document.is_object() ? document.as_object().if_contains("models") : nullptr;
  if (models == nullptr || !models->is_array()) return {};
  for (size_t i = 0; i < models->as_array().size(); ++i) {
    bj::object* model = models->as_array()[i].if_object();
    bj::value* versions = model == nullptr ? nullptr : model->if_contains("versions");
    if (versions == nullptr || !versions->is_array()) continue;
    for (size_t j = 0; j < versions->as_array().size(); ++j) {
      bj::value& entry = versions->as_array()[j];
      const bj::value* file = entry.is_object() ? entry.as_object().if_contains("file") : nullptr;
      if (file == nullptr) continue;
      const std::string at = "models[" + std::to_string(i) + "].versions[" + std::to_string(j) + "]";
      if (!file->is_string() || entry.as_object().size() != 1) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ": a version read from a file is {file: PATH} and nothing else", at);
      }
      const fs::path path = base / std::string(file->as_string());
      auto text = ReadText(path.string(), "the model version file");
      if (!text) return Fail(ErrorCode::kInvalidArgument, at + ": " + text.error().message, at);
      auto version = json::Parse(*text);
      if (!version) {
        return Fail(ErrorCode::kInvalidArgument,
                    at + ": " + path.string() + ": " + version.error().message, at);
      }
      entry = std::move(*version);
    }
  }
  return {};
}

}  // namespace

Result<bj::value> ReadDetectorFile(const std::string& path) {
  VIGIL_TRY(text, ReadText(path, "detector file"));
  auto document = YamlToJson(text);
  if (!document) {
    Error e = document.error();
    e.message = path + ": " + e.message;
    return std::unexpected(std::move(e));
  }
  const fs::path base = path == "-" ? fs::path(".") : fs::path(path).parent_path();
  VIGIL_CHECK(ReadModelVersionFiles(*document, base.empty() ? fs::path(".") : base));
  return std::move(*document);
}

Result<DetectorDocument> ReadDetectorDocument(const std::string& path) {
  VIGIL_TRY(json, ReadDetectorFile(path));
  return DocumentFromJson(json);
}

}  // namespace vigil::catalog
