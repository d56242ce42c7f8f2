// The store when the machine misbehaves: directories it may not write, a full disk, a process
// killed with SIGKILL. Real files, real SQLite errors; no sleeps.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <semaphore>
#include <set>
#include <sstream>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/test_util.h"

namespace vigil::store {
namespace {

using testing::AppendAndWait;
using testing::MakeRecord;
using testing::OptionsFor;
using testing::Outcomes;
using testing::TempDir;

// Runs `fn` in a child process and returns what it returned. As root, the child first becomes
// user and group 65534 (nobody), because root ignores permission bits.
std::string RunUnprivileged(const std::function<std::string()>& fn) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
      out = "cannot drop privileges";
    } else {
      out = fn();
    }
    (void)!write(fds[1], out.data(), out.size());
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return out;
}

std::string TryOpen(const std::string& directory) {
  auto store = OpenSqliteStore(OptionsFor(directory));
  return store ? std::string("opened") : store.error().message;
}

class SqliteFailureTest : public ::testing::Test {
 protected:
  void SetUp() override { chmod(dir_.path().c_str(), 0755); }  // let the child in
  TempDir dir_;
};

TEST_F(SqliteFailureTest, ReadOnlyDirectoryFailsToOpen) {
  const std::string data = dir_.Sub("data");
  ASSERT_EQ(mkdir(data.c_str(), 0555), 0);
  const std::string message = RunUnprivileged([&] { return TryOpen(data); });
  EXPECT_NE(message.find("cannot open the store in \"" + data + "\""), std::string::npos)
      << message;
  EXPECT_NE(message.find("is not writable: Permission denied"), std::string::npos) << message;
}

TEST_F(SqliteFailureTest, MissingDirectoryUnderAReadOnlyOneFailsToOpen) {
  const std::string parent = dir_.Sub("locked");
  ASSERT_EQ(mkdir(parent.c_str(), 0555), 0);
  const std::string message = RunUnprivileged([&] { return TryOpen(parent + "/data"); });
  EXPECT_NE(message.find("cannot create the data directory"), std::string::npos) << message;
}

TEST_F(SqliteFailureTest, ExistingStoreInAReadOnlyDirectoryFailsToOpen) {
  const std::string data = dir_.Sub("data");
  {
    auto store = OpenSqliteStore(OptionsFor(data));
    ASSERT_TRUE(store);
    ASSERT_TRUE(AppendAndWait(**store, MakeRecord("e1")));
  }
  ASSERT_EQ(chmod(data.c_str(), 0555), 0);
  const std::string message = RunUnprivileged([&] { return TryOpen(data); });
  EXPECT_NE(message.find("is not writable"), std::string::npos) << message;
}

TEST_F(SqliteFailureTest, DirectoryPathThroughAFileFailsToOpen) {
  const std::string file = dir_.Sub("file");
  std::ofstream(file) << "not a directory";
  auto store = OpenSqliteStore(OptionsFor(file + "/data"));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("cannot create the data directory"), std::string::npos)
      << store.error().message;
}

// A database capped at 16 pages (of 32 KiB) stands in for a full disk: SQLite fails the commit
// with SQLITE_FULL exactly as it would on ENOSPC.
TEST_F(SqliteFailureTest, FullDiskFailsTheBatchAndTheStoreRecovers) {
  StoreOptions options = OptionsFor(dir_.Sub("data"));
  options.max_database_bytes = 16 * 32768;
  auto opened = OpenSqliteStore(options);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  // Ballast that can be deleted later to free space.
  ASSERT_TRUE(store.ApplyCatalog({{"list", "ballast", "\"" + std::string(100'000, 'x') + "\""}}));

  int stored = 0;
  Error failure;
  for (int i = 0; i < 10'000; ++i) {
    auto outcome = AppendAndWait(store, MakeRecord("e" + std::to_string(i), i));
    if (!outcome) {
      failure = outcome.error();
      break;
    }
    ++stored;
  }
  ASSERT_GT(stored, 0);
  EXPECT_EQ(failure.code, ErrorCode::kUnavailable);
  EXPECT_NE(failure.message.find("nothing of this batch was stored"), std::string::npos)
      << failure.message;
  EXPECT_NE(failure.message.find("SQLITE_FULL"), std::string::npos) << failure.message;
  EXPECT_FALSE(store.Healthy());
  EXPECT_FALSE(*store.GetDecision("e" + std::to_string(stored)));

  // Every record of a failing batch fails; none is acknowledged.
  constexpr int kBig = 20;
  Outcomes outcomes(kBig);
  for (int i = 0; i < kBig; ++i) {
    DecisionRecord big = MakeRecord("big" + std::to_string(i), i);
    big.record_json = "\"" + std::string(20'000, 'y') + "\"";
    store.AppendDecision(std::move(big), outcomes.At(i));
  }
  for (auto& outcome : outcomes.Wait()) {
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::kUnavailable);
  }
  EXPECT_FALSE(store.Healthy());

  // Free space, and the same record goes in with the next seq: the failures used none up.
  auto freed = store.ApplyCatalog({{"list", "ballast", std::nullopt}});
  ASSERT_TRUE(freed) << freed.error().message;
  auto retried = AppendAndWait(store, MakeRecord("e" + std::to_string(stored), stored));
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_TRUE(retried->inserted);
  EXPECT_EQ(retried->record.seq, stored + 1);
  EXPECT_TRUE(store.Healthy());
  auto report = store.VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->records, stored + 1);
}

// Kills a process that is appending as fast as it can, and checks that every record it
// acknowledged is in the database afterwards and the chain is whole.
TEST_F(SqliteFailureTest, AcknowledgedRecordsSurviveKill9) {
  const std::string data = dir_.Sub("data");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    StoreOptions options = OptionsFor(data);
    options.max_batch = 128;
    auto store = OpenSqliteStore(options);
    if (!store) _exit(2);
    std::counting_semaphore<512> in_flight(512);
    const int out = fds[1];
    for (int i = 0;; ++i) {
      in_flight.acquire();
      std::string line = "e" + std::to_string(i) + "\n";
      (*store)->AppendDecision(MakeRecord("e" + std::to_string(i), i),
                               [&in_flight, out, line](Result<AppendOutcome> outcome) {
                                 // An acknowledgement: written only after the commit.
                                 if (outcome) (void)!write(out, line.data(), line.size());
                                 in_flight.release();
                               });
    }
  }
  close(fds[1]);
  struct Killer {
    pid_t pid;
    void KillAndReap() {
      if (pid <= 0) return;
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);  // only then are its files, and its directory lock, released
      pid = 0;
    }
    ~Killer() { KillAndReap(); }
  } child{pid};

  std::string acked;
  char buf[65536];
  size_t lines = 0;
  while (lines < 5000) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    ASSERT_GT(n, 0) << "the child stopped early";
    acked.append(buf, static_cast<size_t>(n));
    lines += static_cast<size_t>(std::count(buf, buf + n, '\n'));
  }
  child.KillAndReap();
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    acked.append(buf, static_cast<size_t>(n));
  close(fds[0]);

  std::set<std::string> ids;
  std::istringstream in(acked);
  for (std::string id; std::getline(in, id);) ids.insert(id);
  ASSERT_GE(ids.size(), 5000u);

  auto store = OpenSqliteStore(OptionsFor(data));  // the dead child's lock went with it
  ASSERT_TRUE(store) << store.error().message;
  for (const std::string& id : ids) {
    auto record = (*store)->GetDecision(id);
    ASSERT_TRUE(record && *record) << "acknowledged record " << id << " was lost";
  }
  auto report = (*store)->VerifyChain();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_GE(report->records, static_cast<int64_t>(ids.size()));
}

}  // namespace
}  // namespace vigil::store
