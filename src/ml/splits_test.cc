#include "ml/splits.h"

#include <gtest/gtest.h>

namespace vigil::ml {
namespace {

TEST(Splits, TimeOrderedHoldoutKeepsTheLatestEventsWithAGapBefore) {
  // Twenty events, out of order, one per second.
  std::vector<int64_t> micros;
  for (int i = 0; i < 20; ++i) micros.push_back(((i * 7) % 20) * 1'000'000);
  const Split plain = TimeOrderedHoldout(micros, 0.15);
  ASSERT_EQ(plain.test.size(), 3u);  // 15% of 20
  EXPECT_EQ(plain.train.size(), 17u);
  for (size_t t : plain.test) EXPECT_GE(micros[t], 17'000'000);
  const Split gapped = TimeOrderedHoldout(micros, 0.15, 2'000'000);
  EXPECT_EQ(gapped.test, plain.test);
  ASSERT_EQ(gapped.train.size(), 16u);  // the event at 16 s is within 2 s of the test's first
  for (size_t t : gapped.train) EXPECT_LE(micros[t], 15'000'000);
  EXPECT_TRUE(TimeOrderedHoldout(std::vector<int64_t>{5}).test.empty());
}

TEST(Splits, DelayedSplitLeavesOutCardsKnownToBeCompromisedByEachTestDay) {
  // Training days 10-11, delay 2 days (12-13), test days 14-15.
  const DelayedSplitOptions options{.train_days = 2, .delay_days = 2, .test_days = 2};
  const std::vector<CardDayEvent> events = {
      {9, 1, true},    // 0: before training: card 1's fraud is not "known" from it
      {10, 2, true},   // 1: train; card 2 known from the start of the test
      {11, 3, false},  // 2: train
      {12, 4, true},   // 3: delay: card 4 known from day 15 (12 <= 15 - 2 - 1)
      {13, 5, true},   // 4: delay: card 5 known from day 16, after the test
      {14, 1, false},  // 5: test
      {14, 2, false},  // 6: left out: card 2
      {14, 4, false},  // 7: test (card 4 not known yet on day 14)
      {15, 4, true},   // 8: left out: card 4 known by day 15
      {15, 5, true},   // 9: test
      {16, 3, false},  // 10: after the test
  };
  const Split split = DelayedSplit(events, 10, options);
  EXPECT_EQ(split.train, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(split.test, (std::vector<size_t>{5, 7, 9}));
}

TEST(Splits, PrequentialFoldsMoveTheTrainingWeekBack) {
  std::vector<CardDayEvent> events;
  for (int day = 0; day < 70; ++day) events.push_back({day, day, false});
  const auto folds = PrequentialFolds(events, 40, 4);
  ASSERT_EQ(folds.size(), 4u);
  for (int f = 0; f < 4; ++f) {
    const int64_t start = 40 - 7 * f;
    ASSERT_EQ(folds[f].train.size(), 7u);
    EXPECT_EQ(events[folds[f].train.front()].day, start);
    ASSERT_EQ(folds[f].test.size(), 7u);
    EXPECT_EQ(events[folds[f].test.front()].day, start + 14);
  }
}

}  // namespace
}  // namespace vigil::ml
