// Injected time. Production code asks a Clock; tests hand in a FakeClock and advance it, never
// sleep. Times are microseconds since the Unix epoch, UTC.
#pragma once

#include <atomic>
#include <cstdint>

namespace vigil {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMicros() const = 0;  // thread-safe
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
  static const SystemClock& Instance();
};

// A clock that stands still until told to move. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_micros = 1'700'000'000'000'000) : now_(start_micros) {}
  int64_t NowMicros() const override { return now_.load(std::memory_order_relaxed); }
  void Advance(int64_t micros) { now_.fetch_add(micros, std::memory_order_relaxed); }
  void Set(int64_t micros) { now_.store(micros, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace vigil
