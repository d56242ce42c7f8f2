#include "api/api_keys.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ApiKeys, PermissionsParseAndPrint) {
  EXPECT_EQ(*ParsePermissions("decide"), kDecide);
  EXPECT_EQ(*ParsePermissions("read, admin"), kRead | kAdmin);
  EXPECT_EQ(*ParsePermissions("all"), kDecide | kRead | kAdmin);
  EXPECT_EQ(PermissionsText(kDecide | kAdmin), "decide,admin");
  EXPECT_FALSE(ParsePermissions("root"));
  EXPECT_FALSE(ParsePermissions(""));
}

TEST(ApiKeys, OnlyHashesAreKept) {
  auto key = GenerateKey();
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 44u);
  EXPECT_NE(*key, *GenerateKey());
  KeyRing ring({ApiKey{"ops", Sha256Hex(*key), kAdmin}});
  ASSERT_NE(ring.Find(*key), nullptr);
  EXPECT_EQ(ring.Find(*key)->name, "ops");
  EXPECT_EQ(ring.Find("vgl_guess"), nullptr);
  EXPECT_EQ(ring.Find(""), nullptr);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeys, ConfigEntries) {
  auto from_key = ApiKeyFromJson(boost::json::parse(R"({"name":"a","key":"abc","permissions":"decide"})"));
  ASSERT_TRUE(from_key);
  EXPECT_EQ(from_key->sha256, Sha256Hex("abc"));
  EXPECT_FALSE(ApiKeyFromJson(boost::json::parse(R"({"name":"a","permissions":"decide"})")));
  EXPECT_FALSE(ApiKeyFromJson(boost::json::parse(R"({"name":"a","key_sha256":"12","permissions":"decide"})")));
}

}  // namespace
}  // namespace vigil::api
