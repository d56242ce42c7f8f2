#include "store/sqlite/checkpointer.h"

#include "core/thread_name.h"

namespace vigil::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {
  thread_ = std::thread([this] { Loop(); });
}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Request() {
  {
    std::lock_guard lock(mu_);
    if (requested_) return;
    requested_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  connection_.reset();
}

void Checkpointer::Loop() {
  NameThisThread("vigil-checkpoint");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return requested_ || stopping_; });
      if (stopping_) return;
      requested_ = false;
    }
    const int rc = sqlite3_wal_checkpoint_v2(connection_->handle(), "main",
                                             SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) failures_.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace vigil::store::sqlite
