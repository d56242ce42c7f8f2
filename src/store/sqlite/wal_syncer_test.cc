#include "store/sqlite/wal_syncer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "store/sqlite/test_util.h"

namespace vigil::store::sqlite {
namespace {

using testing::TempDir;

TEST(WalSyncer, OpeningAMissingFileFailsNamingIt) {
  TempDir dir;
  auto syncer = WalSyncer::Open(dir.Sub("vigil.db-wal"));
  ASSERT_FALSE(syncer);
  EXPECT_EQ(syncer.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(syncer.error().message.find("vigil.db-wal"), std::string::npos);
}

// Every completion runs exactly once with success, on the syncer's thread, also those submitted
// from several threads at once and those still queued when Stop is called.
TEST(WalSyncer, CompletesEverySubmissionOnceOnItsThread) {
  TempDir dir;
  std::ofstream(dir.Sub("vigil.db-wal")) << "frames";
  auto syncer = WalSyncer::Open(dir.Sub("vigil.db-wal"));
  ASSERT_TRUE(syncer) << syncer.error().message;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<int> completed(kThreads * kPerThread, 0);  // each slot written by one completion
  std::atomic<int> failures{0};
  std::atomic<int> elsewhere{0};
  {
    std::vector<std::jthread> submitters;
    for (int t = 0; t < kThreads; ++t) {
      submitters.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          (*syncer)->Submit([&, slot = t * kPerThread + i, &s = **syncer](Status durable) {
            if (!durable) failures.fetch_add(1);
            if (!s.OnThread()) elsewhere.fetch_add(1);
            ++completed[slot];
          });
        }
      });
    }
  }
  (*syncer)->Stop();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(elsewhere.load(), 0);
  for (int count : completed) ASSERT_EQ(count, 1);
  EXPECT_FALSE((*syncer)->OnThread());
}

}  // namespace
}  // namespace vigil::store::sqlite
