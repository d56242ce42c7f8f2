// The store's data directory: created if missing, checked to be writable before SQLite touches
// it, and locked so that one process at a time owns it. Two processes writing one database would
// each extend the hash chain from their own in-memory head and break it; the lock makes the
// second one fail to open instead.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace vigil::store::sqlite {

// Holds the exclusive lock on <directory>/vigil.lock (flock, so it is released when the process
// dies, kill -9 included). Not thread-safe; owned by one store.
class DataDirectory {
 public:
  // Creates `directory` (and parents) if missing, checks that files can be created in it and
  // takes the lock. kUnavailable with the reason (permission denied, read-only file system, not a
  // directory, locked by another process) otherwise.
  static Result<std::unique_ptr<DataDirectory>> Open(const std::string& directory);
  ~DataDirectory();
  DataDirectory(const DataDirectory&) = delete;
  DataDirectory& operator=(const DataDirectory&) = delete;

  const std::string& path() const { return path_; }
  std::string DatabasePath() const { return path_ + "/vigil.db"; }

  // fsyncs the directory, so that files created in it (the database, its WAL) survive a power
  // cut along with their contents.
  Status Sync() const;

 private:
  DataDirectory(std::string path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}

  std::string path_;
  int lock_fd_;
};

}  // namespace vigil::store::sqlite
