#include "features/ring_buffer.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>

namespace vigil::features {
namespace {

TEST(RingBuffer, BehavesAsADequeThroughGrowthWrapInsertAndTrim) {
  RingBuffer<int> ring;
  std::deque<int> model;
  std::mt19937 random(7);
  for (int step = 0; step < 20000; ++step) {
    const int op = static_cast<int>(random() % 11);
    if (op == 9 && !model.empty()) {
      const size_t at = random() % model.size();
      ring.erase(at);
      model.erase(model.begin() + static_cast<long>(at));
    } else if (op == 10) {
      const size_t at = model.empty() ? 0 : random() % (model.size() + 1);
      ring.insert(at, -step);
      model.insert(model.begin() + static_cast<long>(at), -step);
    } else if (op < 5 || model.empty()) {
      ring.push_back(step);
      model.push_back(step);
    } else if (op < 8) {
      ring.pop_front();
      model.pop_front();
    } else if (op < 9) {
      ring.pop_back();
      model.pop_back();
    } else {
      ring.Trim();
    }
    ASSERT_EQ(ring.size(), model.size());
    if (!model.empty()) {
      ASSERT_EQ(ring.front(), model.front());
      ASSERT_EQ(ring.back(), model.back());
      const size_t probe = random() % model.size();
      ASSERT_EQ(ring[probe], model[probe]);
    }
  }
}

TEST(RingBuffer, EmptyOwnsNothingAndTrimGivesMemoryBack) {
  RingBuffer<int> ring;
  EXPECT_EQ(ring.capacity(), 0u);
  for (int i = 0; i < 1000; ++i) ring.push_back(i);
  EXPECT_GE(ring.capacity(), 1000u);
  EXPECT_LE(ring.capacity(), 1500u);  // grown by half again, not doubled
  for (int i = 0; i < 990; ++i) ring.pop_front();
  ring.Trim();
  EXPECT_LT(ring.capacity(), 1024u);
  EXPECT_EQ(ring.front(), 990);
  while (!ring.empty()) ring.pop_front();
  ring.Trim();
  EXPECT_EQ(ring.capacity(), 0u);
}

}  // namespace
}  // namespace vigil::features
