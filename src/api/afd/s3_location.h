// AFD's S3 locations (s3://bucket/key) as files on this machine: Vigil reads training data and
// batch prediction input from, and writes batch prediction output to, a directory that stands
// for S3 — the server's s3_root (`--s3-root`, default <data-dir>/s3) — where s3://bucket/key is
// <s3_root>/bucket/key. docs/api.md, "S3 locations", says so for users.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::api::afd {

enum class S3Use {
  kRead,   // the file must exist and be a regular file
  kWrite,  // the file's directory is created; an existing file would be replaced
};

// The local path of `location` (the member `field` of a request). InvalidArgument naming
// `field` for: no s3_root configured; a location not of the form s3://bucket/key; a key with an
// empty, "." or ".." segment (nothing may escape the root); for kRead, a file that does not
// exist (the message names the local path). kWrite creates the file's directory; it fails
// (InvalidArgument) when it cannot.
Result<std::string> LocalPath(const std::string& s3_root, std::string_view location,
                              const std::string& field, S3Use use);

}  // namespace vigil::api::afd
