#include "features/state_block.h"

#include <gtest/gtest.h>

#include <utility>

namespace vigil::features {
namespace {

struct Pair {
  int64_t a = 1;
  double b = 2;
};

TEST(StateBlock, HoldsQueuesTablesAndPlainStatesSideBySideAndMovesThem) {
  StateBlock block(2, 1, sizeof(Pair) + sizeof(int64_t));
  block.Place(0, Pair{});
  block.Place(sizeof(Pair), int64_t{7});
  for (int64_t i = 0; i < 100; ++i) {
    block.queue(0).push_back({i, 0.5 * static_cast<double>(i)});
    block.queue(1).push_back({-i, 0});
    block.table(0).Increment(static_cast<uint64_t>(i % 10));
  }
  block.at<Pair>(0).a += 41;
  StateBlock moved = std::move(block);
  EXPECT_EQ(moved.queue(0).size(), 100u);
  EXPECT_EQ(moved.queue(0).back().index, 99);
  EXPECT_EQ(moved.queue(0).back().value, 49.5);
  EXPECT_EQ(moved.queue(1).back().index, -99);
  EXPECT_EQ(moved.table(0).size(), 10u);
  EXPECT_EQ(moved.table(0).Count(3), 10u);
  EXPECT_EQ(moved.at<Pair>(0).a, 42);
  EXPECT_EQ(moved.at<Pair>(0).b, 2);
  EXPECT_EQ(moved.at<int64_t>(sizeof(Pair)), 7);
  moved.Place(0, Pair{});  // a fresh state over the old one
  EXPECT_EQ(moved.at<Pair>(0).a, 1);
  // Assigning over a block that owns memory frees it (the sanitizer build checks for leaks).
  moved = StateBlock(0, 0, 0);
  block = StateBlock(1, 1, 0);
  block.queue(0).push_back({1, 1});
  block.table(0).Increment(1);
}

TEST(StateBlock, SizesAreWhatTheStatesNeed) {
  EXPECT_EQ(StateBlock::Bytes(1, 2, 40),
            sizeof(StateBlock::Queue) + 2 * sizeof(CountMap) + 40);
  EXPECT_EQ(StateBlock::Bytes(0, 0, 16), 16u);
}

}  // namespace
}  // namespace vigil::features
