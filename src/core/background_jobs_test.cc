#include "core/background_jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>

namespace vigil {
namespace {

// Waits (without sleeping) until the job reaches `state`: the jobs run on their own thread.
JobStatus WaitFor(const BackgroundJobs& jobs, const std::string& id, JobState state) {
  for (;;) {
    auto status = jobs.Get(id);
    if (status && status->state == state) return *status;
    std::this_thread::yield();
  }
}

TEST(BackgroundJobs, AJobReportsItsProgressWhileItRunsAndKeepsItsResult) {
  FakeClock clock(1'000'000);
  std::promise<void> reported, release;
  std::shared_future<void> released = release.get_future().share();
  BackgroundJobs jobs(clock, "test-jobs");
  const std::string id = jobs.Submit("train m", [&](JobProgress& progress) -> Result<boost::json::object> {
    progress.Report("replay", 5, 10);
    reported.set_value();
    released.wait();
    return boost::json::object{{"auc", 0.9}};
  });
  EXPECT_EQ(id, "job-1");
  reported.get_future().wait();
  const JobStatus running = *jobs.Get(id);
  EXPECT_EQ(running.state, JobState::kRunning);
  EXPECT_EQ(running.stage, "replay");
  EXPECT_EQ(running.done, 5);
  EXPECT_EQ(running.total, 10);
  EXPECT_EQ(running.ToJson().at("status"), "RUNNING");
  EXPECT_TRUE(running.ToJson().at("finished").is_null());
  clock.Advance(2'000'000);
  release.set_value();
  const JobStatus done = WaitFor(jobs, id, JobState::kSucceeded);
  EXPECT_EQ(done.result.at("auc").as_double(), 0.9);
  EXPECT_EQ(done.started_micros, 1'000'000);
  EXPECT_EQ(done.finished_micros, 3'000'000);
  EXPECT_EQ(done.ToJson().at("result").at("auc").as_double(), 0.9);
  EXPECT_EQ(done.ToJson().at("title"), "train m");
}

TEST(BackgroundJobs, AFailedJobKeepsItsErrorAndTheNextOneStillRuns) {
  FakeClock clock(1);
  BackgroundJobs jobs(clock, "test-jobs");
  const std::string failing = jobs.Submit("a", [](JobProgress&) -> Result<boost::json::object> {
    return Fail(ErrorCode::kInvalidArgument, "Too few fraud events", "training_data");
  });
  const std::string next = jobs.Submit("b", [](JobProgress&) -> Result<boost::json::object> {
    return boost::json::object{};
  });
  const JobStatus failed = WaitFor(jobs, failing, JobState::kFailed);
  ASSERT_TRUE(failed.error);
  EXPECT_EQ(failed.error->field, "training_data");
  EXPECT_EQ(failed.ToJson().at("error").at("message"), "Too few fraud events");
  EXPECT_FALSE(failed.ToJson().contains("result"));
  WaitFor(jobs, next, JobState::kSucceeded);
}

TEST(BackgroundJobs, JobsRunOneAtATimeInOrderAndTheOldestFinishedAreForgotten) {
  FakeClock clock(1);
  std::vector<int> order;
  {
    BackgroundJobs jobs(clock, "test-jobs", /*keep_finished=*/2);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
      ids.push_back(jobs.Submit("j", [&order, i](JobProgress&) -> Result<boost::json::object> {
        order.push_back(i);
        return boost::json::object{};
      }));
    }
    WaitFor(jobs, ids[4], JobState::kSucceeded);
    EXPECT_FALSE(jobs.Get(ids[0]));
    EXPECT_FALSE(jobs.Get(ids[2]));
    EXPECT_TRUE(jobs.Get(ids[3]));
    ASSERT_EQ(jobs.List().size(), 2u);
    EXPECT_EQ(jobs.List()[0].id, ids[3]);
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(BackgroundJobs, UnknownAndMalformedIdsAreNotFound) {
  FakeClock clock(1);
  BackgroundJobs jobs(clock, "test-jobs");
  EXPECT_FALSE(jobs.Get("job-1"));
  EXPECT_FALSE(jobs.Get("job-"));
  EXPECT_FALSE(jobs.Get("1"));
  EXPECT_FALSE(jobs.Get("job-99999999999999999999"));
}

TEST(BackgroundJobs, AfterStopTheRunningJobFinishesAndQueuedOnesFailUnrun) {
  FakeClock clock(1);
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  BackgroundJobs jobs(clock, "test-jobs");
  const std::string first = jobs.Submit("first", [&](JobProgress&) -> Result<boost::json::object> {
    started.set_value();
    released.wait();
    ++ran;
    return boost::json::object{};
  });
  started.get_future().wait();
  std::vector<std::string> queued;
  for (int i = 0; i < 3; ++i) {
    queued.push_back(jobs.Submit("queued", [&ran](JobProgress&) -> Result<boost::json::object> {
      ++ran;
      return boost::json::object{};
    }));
  }
  jobs.Stop();
  release.set_value();
  WaitFor(jobs, first, JobState::kSucceeded);
  for (const std::string& id : queued) {
    const JobStatus s = WaitFor(jobs, id, JobState::kFailed);
    EXPECT_EQ(s.error->message, "cancelled: shutting down");
  }
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace vigil
