#include "features/count_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace vigil::features {
namespace {

TEST(CountMap, AgreesWithAMapThroughCollisionsGrowthAndShrinking) {
  std::mt19937_64 random(3);
  for (const uint64_t range : {4u, 40u, 4000u}) {
    CountMap counts;
    std::map<uint64_t, int> model;
    for (int step = 0; step < 50000; ++step) {
      // Values that collide in the low bits too: multiples of 1024.
      const uint64_t value = (random() % range) * 1024;
      if (model.empty() || random() % 2 == 0) {
        counts.Increment(value);
        ++model[value];
      } else {
        auto it = std::next(model.begin(), static_cast<long>(random() % model.size()));
        counts.Decrement(it->first);
        if (--it->second == 0) model.erase(it);
      }
      ASSERT_EQ(counts.size(), model.size()) << "range " << range << " step " << step;
      const uint64_t probe = (random() % range) * 1024;
      ASSERT_EQ(counts.Count(probe), model.contains(probe) ? uint64_t(model[probe]) : 0u);
    }
    while (!model.empty()) {
      counts.Decrement(model.begin()->first);
      if (--model.begin()->second == 0) model.erase(model.begin());
      ASSERT_EQ(counts.size(), model.size());
    }
    EXPECT_EQ(counts.capacity(), 0u);  // empty again: the table is given back
  }
}

}  // namespace
}  // namespace vigil::features
