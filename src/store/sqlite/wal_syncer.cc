#include "store/sqlite/wal_syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/thread_name.h"

namespace vigil::store::sqlite {

Result<std::unique_ptr<WalSyncer>> WalSyncer::Open(const std::string& wal_path) {
  const int fd = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable,
                "cannot open the WAL file " + wal_path + ": " + std::strerror(errno));
  }
  try {
    return std::unique_ptr<WalSyncer>(new WalSyncer(fd, wal_path));
  } catch (const std::system_error& error) {
    ::close(fd);
    return Fail(ErrorCode::kUnavailable,
                std::string("cannot start the store's sync thread: ") + error.what());
  }
}

WalSyncer::WalSyncer(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
  thread_ = std::thread([this] { Loop(); });
}

WalSyncer::~WalSyncer() {
  Stop();
  ::close(fd_);
}

void WalSyncer::Submit(Completion completion) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(completion));
  }
  ready_.notify_one();
}

void WalSyncer::WaitUntilTaken() {
  std::unique_lock lock(mu_);
  taken_.wait(lock, [&] { return pending_.empty(); });
}

void WalSyncer::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WalSyncer::Loop() {
  NameThisThread("vigil-sync");
  thread_id_.store(std::this_thread::get_id());
  std::vector<Completion> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return !pending_.empty() || stopping_; });
      if (pending_.empty()) return;  // stopping, and everything submitted is done
      batch.swap(pending_);
    }
    taken_.notify_all();
    // Every batch taken committed before this call starts, so one sync covers them all.
    const Status durable = Sync();
    for (Completion& completion : batch) completion(durable);
    batch.clear();
  }
}

Status WalSyncer::Sync() {
  while (::fdatasync(fd_) != 0) {
    if (errno == EINTR) continue;
    return Fail(ErrorCode::kUnavailable,
                "the disk did not confirm the write (fdatasync of " + path_ +
                    " failed: " + std::strerror(errno) + ")");
  }
  return {};
}

}  // namespace vigil::store::sqlite
