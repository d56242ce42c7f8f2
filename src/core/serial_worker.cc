#include "core/serial_worker.h"

#include "core/thread_name.h"

namespace vigil {

SerialWorker::SerialWorker(std::string thread_name)
    : thread_name_(std::move(thread_name)), thread_([this] { Run(); }) {}

SerialWorker::~SerialWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SerialWorker::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

size_t SerialWorker::pending() const {
  std::lock_guard lock(mutex_);
  return tasks_.size() + running_;
}

void SerialWorker::Run() {
  NameThisThread(thread_name_);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    running_ = 1;
    lock.unlock();
    task();
    task = nullptr;  // what the task captured is released before the next one starts
    lock.lock();
    running_ = 0;
  }
}

}  // namespace vigil
