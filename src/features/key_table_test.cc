#include "features/key_table.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>

namespace vigil::features {
namespace {

// Hashes that collide on purpose: the table's probing and backward shifts are what is tested.
size_t WeakHash(const std::string& key, uint64_t buckets) {
  return (KeyTable<int>::Hash(key) % buckets) << 1;
}

TEST(KeyTable, AgreesWithAMapThroughCollisionsGrowthErasureAndShrinking) {
  std::mt19937_64 random(5);
  for (const uint64_t buckets : {uint64_t{3}, uint64_t{64}, uint64_t{1} << 40}) {
    KeyTable<std::unique_ptr<int>> table;  // move-only, and owning: moves must not lose values
    std::map<std::string, int> model;
    for (int step = 0; step < 20000; ++step) {
      const std::string key = "key" + std::to_string(random() % 3000);
      const size_t hash = WeakHash(key, buckets);
      if (random() % 300 != 0) {
        bool inserted = false;
        auto& value = table.FindOrInsert(key, hash, inserted);
        ASSERT_EQ(inserted, !model.contains(key)) << key;
        if (inserted) value = std::make_unique<int>(step);
        model.try_emplace(key, step);
      } else {
        // Erase about half of the keys, by their value.
        const int parity = static_cast<int>(random() % 2);
        table.EraseIf([&](const std::unique_ptr<int>& v) { return *v % 2 == parity; });
        std::erase_if(model, [&](const auto& kv) { return kv.second % 2 == parity; });
      }
      ASSERT_EQ(table.size(), model.size()) << "buckets " << buckets << " step " << step;
      ASSERT_GE(table.capacity(), 2 * table.size());
      const std::string probe = "key" + std::to_string(random() % 3000);
      auto* found = table.Find(probe, WeakHash(probe, buckets));
      auto it = model.find(probe);
      ASSERT_EQ(found != nullptr, it != model.end()) << probe;
      if (found) {
        ASSERT_EQ(**found, it->second) << probe;
      }
    }
    size_t visited = 0;
    table.ForEach([&](std::string_view key, const std::unique_ptr<int>& v) {
      ++visited;
      EXPECT_EQ(*v, model.at(std::string(key)));
    });
    EXPECT_EQ(visited, model.size());
    table.EraseIf([](const auto&) { return true; });
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(table.capacity(), 0u);  // empty again: the array is given back
  }
}

TEST(KeyTable, AnEmptyTableOwnsNothingAndFindsNothing) {
  KeyTable<int> table;
  EXPECT_EQ(table.capacity(), 0u);
  EXPECT_EQ(table.Find("a", KeyTable<int>::Hash("a")), nullptr);
  bool inserted = false;
  table.FindOrInsert("a", KeyTable<int>::Hash("a"), inserted) = 7;
  EXPECT_TRUE(inserted);
  EXPECT_EQ(*table.Find("a", KeyTable<int>::Hash("a")), 7);
  EXPECT_EQ(table.Find("b", KeyTable<int>::Hash("b")), nullptr);
}

}  // namespace
}  // namespace vigil::features
