#include "store/sqlite/data_directory.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <system_error>

namespace vigil::store::sqlite {

namespace {

std::unexpected<Error> Unavailable(const std::string& message, int error_number) {
  return Fail(ErrorCode::kUnavailable, message + ": " + std::strerror(error_number));
}

Status SyncPath(const std::string& directory) {
  const int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Unavailable("cannot open the directory " + directory, errno);
  const int rc = fsync(fd);
  const int sync_errno = errno;
  close(fd);
  if (rc != 0) return Unavailable("cannot sync the directory " + directory, sync_errno);
  return {};
}

}  // namespace

Result<std::unique_ptr<DataDirectory>> DataDirectory::Open(const std::string& directory) {
  if (directory.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the store's data directory must be given",
                "directory");
  }
  std::error_code error;
  const bool created = std::filesystem::create_directories(directory, error);
  if (error) {
    return Fail(ErrorCode::kUnavailable,
                "cannot create the data directory " + directory + ": " + error.message());
  }
  if (created) {
    // Make the new directory's own entry durable; Sync() covers the files inside it.
    const std::filesystem::path parent = std::filesystem::absolute(directory, error).parent_path();
    if (!error) VIGIL_CHECK(SyncPath(parent.string()));
  }
  if (!std::filesystem::is_directory(directory, error)) {
    return Fail(ErrorCode::kUnavailable, "the data directory " + directory + " is not a directory");
  }

  // SQLite must create the database, its -wal and -shm files here. Try once ourselves, so that the
  // error names the directory and the reason instead of "unable to open database file".
  std::string probe = directory + "/.vigil-write-test-XXXXXX";
  const int probe_fd = mkstemp(probe.data());
  if (probe_fd < 0) {
    return Unavailable("the data directory " + directory + " is not writable", errno);
  }
  close(probe_fd);
  unlink(probe.c_str());

  const std::string lock_path = directory + "/vigil.lock";
  const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Unavailable("cannot open " + lock_path, errno);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int flock_errno = errno;
    close(fd);
    if (flock_errno == EWOULDBLOCK) {
      return Fail(ErrorCode::kUnavailable, "the data directory " + directory +
                                               " is in use by another Vigil store (" + lock_path +
                                               " is locked)");
    }
    return Unavailable("cannot lock " + lock_path, flock_errno);
  }
  return std::unique_ptr<DataDirectory>(new DataDirectory(directory, fd));
}

DataDirectory::~DataDirectory() { close(lock_fd_); }  // releases the flock

Status DataDirectory::Sync() const { return SyncPath(path_); }

}  // namespace vigil::store::sqlite
