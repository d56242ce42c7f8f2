#include "store/sqlite/disk_check.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

namespace vigil::store::sqlite {

namespace {

std::string DirectoryOf(const std::string& database) {
  std::string directory = std::filesystem::path(database).parent_path().string();
  return directory.empty() ? "." : directory;
}

// Bytes the server may still write on the file system of `directory`; root may use the blocks
// reserved for it. nullopt when statvfs fails.
std::optional<uint64_t> FreeBytes(const std::string& directory, bool* read_only = nullptr) {
  struct statvfs fs {};
  if (statvfs(directory.c_str(), &fs) != 0) return std::nullopt;
  if (read_only != nullptr) *read_only = (fs.f_flag & ST_RDONLY) != 0;
  const uint64_t blocks = geteuid() == 0 ? fs.f_bfree : fs.f_bavail;
  return blocks * fs.f_frsize;
}

// errno of creating (and removing) a file in `directory`, 0 when that works.
int CreateFileError(const std::string& directory) {
  std::string probe = directory + "/.vigil-write-test-XXXXXX";
  const int fd = mkstemp(probe.data());
  if (fd < 0) return errno;
  close(fd);
  unlink(probe.c_str());
  return 0;
}

}  // namespace

boost::json::object DescribeFileSystem(const std::string& database) {
  const std::string directory = DirectoryOf(database);
  boost::json::object state;
  bool flagged_read_only = false;
  const std::optional<uint64_t> free_bytes = FreeBytes(directory, &flagged_read_only);
  if (free_bytes) state["free_bytes"] = *free_bytes;
  // A file system the kernel turned read-only after an error may still report itself read-write;
  // creating a file tells.
  const int create_errno = CreateFileError(directory);
  const bool read_only = flagged_read_only || create_errno == EROFS;
  state["read_only"] = read_only;
  if (read_only) {
    state["cause"] = "the file system is read-only (EROFS)";
  } else if (free_bytes && *free_bytes == 0) {
    state["cause"] = "no space left on the file system (ENOSPC)";
  } else if (create_errno != 0) {
    state["cause"] = "cannot create a file in " + directory + ": " + std::strerror(create_errno);
  }
  return state;
}

Status ProbeWrite(Connection& db, int64_t room_pages) {
  VIGIL_TRY(page_size, db.QueryInt("PRAGMA page_size", "read page_size"));
  const std::optional<uint64_t> free_bytes = FreeBytes(DirectoryOf(db.path()));
  if (free_bytes && *free_bytes < static_cast<uint64_t>(room_pages * page_size)) {
    return Fail(ErrorCode::kUnavailable, "the file system has " + std::to_string(*free_bytes) +
                                             " bytes free, less than " +
                                             std::to_string(room_pages) + " pages");
  }
  VIGIL_TRY(max_pages, db.QueryInt("PRAGMA max_page_count", "read max_page_count"));
  VIGIL_TRY(pages, db.QueryInt("PRAGMA page_count", "read page_count"));
  VIGIL_TRY(free_pages, db.QueryInt("PRAGMA freelist_count", "read freelist_count"));
  if (max_pages - pages + free_pages < room_pages) {
    return Fail(ErrorCode::kUnavailable, "the database is at its size limit");
  }
  VIGIL_CHECK(db.Run("BEGIN IMMEDIATE"));
  Status probe = [&]() -> Status {
    VIGIL_TRY(version, db.QueryInt("PRAGMA user_version", "read user_version"));
    // Setting user_version, even to its own value, rewrites page 1; its commit appends a frame.
    VIGIL_CHECK(db.Exec("PRAGMA user_version = " + std::to_string(version), "probe write"));
    return db.Run("COMMIT");
  }();
  if (!probe && db.InTransaction()) (void)db.Run("ROLLBACK");
  return probe;
}

}  // namespace vigil::store::sqlite
