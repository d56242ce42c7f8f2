#include "core/serial_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

namespace vigil {
namespace {

TEST(SerialWorker, RunsTasksOneAtATimeInTheOrderPosted) {
  std::vector<int> order;  // written by the worker only
  std::atomic<int> running{0};
  std::atomic<bool> overlapped{false};
  {
    SerialWorker worker("test-serial");
    for (int i = 0; i < 100; ++i) {
      worker.Post([&, i] {
        if (running.fetch_add(1) != 0) overlapped = true;
        order.push_back(i);
        running.fetch_sub(1);
      });
    }
  }  // the destructor drains
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
  EXPECT_FALSE(overlapped);
}

TEST(SerialWorker, ALongTaskDoesNotHoldThePoster) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::atomic<bool> second_ran{false};
  SerialWorker worker("test-serial");  // destroyed first: it drains while the above still live
  worker.Post([&started, released] {
    started.set_value();
    released.wait();
  });
  started.get_future().wait();              // the task runs on the worker...
  worker.Post([&] { second_ran = true; });  // ...and posting does not wait for it
  EXPECT_EQ(worker.pending(), 2u);
  EXPECT_FALSE(second_ran.load());
  release.set_value();
}

TEST(SerialWorker, RunsOnAThreadOfItsOwn) {
  std::promise<std::thread::id> ran_on;
  SerialWorker worker("test-serial");
  worker.Post([&] { ran_on.set_value(std::this_thread::get_id()); });
  EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
}

TEST(SerialWorker, DestroyedIdleOrNeverUsedJoinsCleanly) {
  { SerialWorker idle("test-serial"); }
  SerialWorker worker("test-serial");
  EXPECT_EQ(worker.pending(), 0u);
}

}  // namespace
}  // namespace vigil
