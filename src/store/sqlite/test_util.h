// Helpers for the SQLite store's tests: a temporary directory, sample records, and ways to wait
// for append callbacks without sleeping.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <future>
#include <latch>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace vigil::store::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/vigil-store-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline constexpr int64_t kBaseMicros = 1'752'582'896'000'000;  // 2025-07-15T12:34:56Z

inline DecisionRecord MakeRecord(const std::string& event_id, int i = 0) {
  DecisionRecord r;
  r.event_id = event_id;
  r.detector_id = i % 2 == 0 ? "transaction_detector" : "login_detector";
  r.detector_version = "1";
  r.event_type = i % 2 == 0 ? "transaction" : "login";
  r.fraud_label = i % 3 == 0 ? "FRAUD" : "LEGIT";
  if (i % 4 != 1) r.insight_score = 900 + i % 100;
  r.decided_micros = kBaseMicros + int64_t{i} * 1000;
  r.event_micros = kBaseMicros - 5'000'000 + i;
  r.record_json =
      R"({"event_id":")" + event_id + R"(","outcomes":["review"],"i":)" + std::to_string(i) + "}";
  return r;
}

// The decided event that goes with MakeRecord(event_id, i).
inline StoredEvent MakeEvent(const std::string& event_id, int i = 0) {
  StoredEvent e;
  e.event_type = i % 2 == 0 ? "transaction" : "login";
  e.event_id = event_id;
  e.entity_type = "account";
  e.entity_id = "user_" + std::to_string(i);
  e.event_micros = kBaseMicros - 5'000'000 + i;
  e.variables_json = R"({"transaction_amount":)" + std::to_string(i) + "}";
  return e;
}

// MakeRecord carrying MakeEvent, as /detect appends it for an event type with ingestion ENABLED.
inline DecisionRecord MakeRecordWithEvent(const std::string& event_id, int i = 0) {
  DecisionRecord r = MakeRecord(event_id, i);
  r.event = MakeEvent(event_id, i);
  return r;
}

// Appends and waits for the callback.
inline Result<AppendOutcome> AppendAndWait(Store& store, DecisionRecord record) {
  std::promise<Result<AppendOutcome>> promise;
  auto future = promise.get_future();
  store.AppendDecision(std::move(record), [&](Result<AppendOutcome> outcome) {
    promise.set_value(std::move(outcome));
  });
  return future.get();
}

// Collects the outcomes of `n` appends made from any threads; Wait() blocks until all arrived.
class Outcomes {
 public:
  explicit Outcomes(size_t n) : outcomes_(n), remaining_(static_cast<std::ptrdiff_t>(n)) {}

  AppendCallback At(size_t index) {
    return [this, index](Result<AppendOutcome> outcome) {
      {
        std::lock_guard lock(mu_);
        outcomes_[index] = std::move(outcome);
        ++calls_;
      }
      remaining_.count_down();
    };
  }

  std::vector<Result<AppendOutcome>>& Wait() {
    remaining_.wait();
    return outcomes_;
  }
  size_t calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::vector<Result<AppendOutcome>> outcomes_;
  size_t calls_ = 0;
  std::latch remaining_;
};

inline StoreOptions OptionsFor(const std::string& directory) {
  StoreOptions options;
  options.directory = directory;
  return options;
}

}  // namespace vigil::store::testing
