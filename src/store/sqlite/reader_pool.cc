#include "store/sqlite/reader_pool.h"

namespace vigil::store::sqlite {

Result<std::unique_ptr<ReaderPool>> ReaderPool::Open(const std::string& path, int size) {
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < size; ++i) {
    VIGIL_TRY(connection, Connection::Open(path, /*read_only=*/true));
    // A reader may meet a lock briefly, e.g. while the WAL index is rebuilt; wait it out rather
    // than fail the read.
    sqlite3_busy_timeout(connection->handle(), 5000);
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<ReaderPool>(new ReaderPool(std::move(connections)));
}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return closed_ || !idle_.empty(); });
  if (closed_) return Fail(ErrorCode::kUnavailable, "store is closed");
  std::unique_ptr<Connection> connection = std::move(idle_.back());
  idle_.pop_back();
  ++leased_;
  return Lease(this, std::move(connection));
}

void ReaderPool::Return(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(connection));
    --leased_;
  }
  changed_.notify_all();
}

void ReaderPool::Close() {
  std::vector<std::unique_ptr<Connection>> connections;
  {
    std::unique_lock lock(mu_);
    closed_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return leased_ == 0; });
    connections.swap(idle_);
  }
  connections.clear();  // closes them, outside the lock
}

}  // namespace vigil::store::sqlite
