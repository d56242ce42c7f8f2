#include "engine/catalog_service.h"

#include <gtest/gtest.h>

#include "catalog/edits.h"
#include "engine/test_catalog.h"

namespace vigil::engine {
namespace {

// Records what would be persisted; fails on demand.
class RecordingPersistence : public CatalogPersistence {
 public:
  Status Persist(const std::vector<catalog::ObjectChange>& changes) override {
    if (fail) return Fail(ErrorCode::kUnavailable, "disk full");
    persisted.insert(persisted.end(), changes.begin(), changes.end());
    return {};
  }
  bool fail = false;
  std::vector<catalog::ObjectChange> persisted;
};

class CatalogServiceTest : public ::testing::Test {
 protected:
  CatalogServiceTest()
      : registry(*Snapshot::Build(std::make_shared<catalog::Catalog>(testing::ExampleCatalog()))),
        service(registry, persistence, clock) {}
  FakeClock clock;
  RecordingPersistence persistence;
  Registry registry;
  CatalogService service;
};

TEST_F(CatalogServiceTest, AGoodEditIsPersistedAndPublished) {
  auto before = registry.Current();
  auto s = service.Edit([](catalog::Catalog& c, int64_t now) {
    return catalog::Put(c, catalog::Outcome{"block", "", {}}, now);
  });
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(persistence.persisted.size(), 1u);
  EXPECT_EQ(persistence.persisted[0].id, "block");
  EXPECT_NE(registry.Current(), before);
  EXPECT_TRUE(registry.Current()->catalog().outcomes.contains("block"));
}

TEST_F(CatalogServiceTest, ARuleThatDoesNotCompileChangesNothing) {
  auto before = registry.Current();
  auto s = service.Edit([](catalog::Catalog& c, int64_t now) {
    return catalog::CreateRule(
        c, catalog::RuleVersion{"transaction_detector", "typo", 0, "$amout > 5", {"fraud"}, "", {}},
        now);
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "expression");
  EXPECT_NE(s.error().message.find("1:1"), std::string::npos);
  EXPECT_TRUE(persistence.persisted.empty());
  EXPECT_EQ(registry.Current(), before);
}

TEST_F(CatalogServiceTest, AStoreFailurePublishesNothing) {
  auto before = registry.Current();
  persistence.fail = true;
  auto s = service.Edit([](catalog::Catalog& c, int64_t now) {
    return catalog::Put(c, catalog::Outcome{"block", "", {}}, now);
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(registry.Current(), before);
}

}  // namespace
}  // namespace vigil::engine
