// Reading a detector file (YAML or JSON, docs/detector-files.md) from disk, for every command
// that takes one (`vigil apply -f`, `vigil serve --apply`, `vigil import --apply`): the document
// as JSON, with what it refers to on disk put in place. A model version may be given as
//   models: [{model_id: m, versions: [{file: models/m-1.0.json}]}]
// where the file (relative to the detector file's directory) holds the model version as JSON,
// as `vigil train` writes it and GET /v1/models/{id}/versions/{v} answers; it takes the entry's
// place. A document posted to the API has no files to read, so it holds its versions inline.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "catalog/detector_document.h"
#include "core/result.h"

namespace vigil::catalog {

// `path` "-" reads standard input (files then are relative to the working directory).
// kInvalidArgument, naming the file and where in it, when a file cannot be read or parsed or an
// entry with `file` has other members.
Result<boost::json::value> ReadDetectorFile(const std::string& path);

// ReadDetectorFile, then DocumentFromJson: the document to Apply.
Result<DetectorDocument> ReadDetectorDocument(const std::string& path);

}  // namespace vigil::catalog
