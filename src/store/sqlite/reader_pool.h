// A small pool of read-only connections to a WAL database. Reads run on them concurrently with
// each other and with the writer (WAL readers see the last committed snapshot and never block the
// writer). Each connection keeps its prepared statements for its whole life.
//
// Thread-safety: all methods may be called from any thread. A Lease is used by one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace vigil::store::sqlite {

class ReaderPool {
 public:
  // Opens `size` (>= 1) read-only connections to `path`, which must exist in WAL mode.
  static Result<std::unique_ptr<ReaderPool>> Open(const std::string& path, int size);

  // A borrowed connection, handed back when the lease is destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Waits for a free connection. kUnavailable once Close() has begun.
  Result<Lease> Acquire();

  // Refuses new leases, waits until every lease is back, closes the connections. Idempotent.
  void Close();

 private:
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections)
      : idle_(std::move(connections)) {}
  void Return(std::unique_ptr<Connection> connection);

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t leased_ = 0;
  bool closed_ = false;
};

}  // namespace vigil::store::sqlite
