#include "api/api_keys.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ApiKeys, PermissionsParseAndPrint) {
  EXPECT_EQ(*ParsePermissions("decide"), kDecide);
  EXPECT_EQ(*ParsePermissions("read, admin"), kRead | kAdmin);
  EXPECT_EQ(*ParsePermissions("all"), kDecide | kRead | kAdmin | kEvents);
  EXPECT_EQ(*ParsePermissions("events,read"), kEvents | kRead);
  EXPECT_EQ(PermissionsText(kDecide | kAdmin), "decide,admin");
  EXPECT_EQ(PermissionsText(kAllPermissions), "decide,read,admin,events");
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

TEST(ApiKeys, RateLimitsOfEntries) {
  auto plain =
      ApiKeyFromJson(boost::json::parse(R"({"name":"a","key":"abc","permissions":"decide"})"));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->rate_limit.has_value());
  EXPECT_FALSE(ToJson(*plain).contains("rate_limit"));

  auto limited = ApiKeyFromJson(boost::json::parse(
      R"({"name":"a","key":"abc","permissions":"decide","rate_limit":{"rate":2.5,"burst":10}})"));
  ASSERT_TRUE(limited) << limited.error().message;
  ASSERT_TRUE(limited->rate_limit.has_value());
  EXPECT_EQ(*limited->rate_limit, (RateLimit{.rate = 2.5, .burst = 10}));
  auto again = ApiKeyFromJson(ToJson(*limited));  // as stored by `vigil keys create`
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->rate_limit, limited->rate_limit);
  EXPECT_EQ(RateLimitText(*limited->rate_limit), "2.5/s burst 10");

  auto rate_only = ApiKeyFromJson(boost::json::parse(
      R"({"name":"a","key":"abc","permissions":"decide","rate_limit":{"rate":5}})"));
  ASSERT_TRUE(rate_only);
  EXPECT_EQ(rate_only->rate_limit->EffectiveBurst(), 5);
  auto unlimited = ApiKeyFromJson(boost::json::parse(
      R"({"name":"a","key":"abc","permissions":"decide","rate_limit":{"rate":0}})"));
  ASSERT_TRUE(unlimited);
  EXPECT_TRUE(unlimited->rate_limit->unlimited());
  EXPECT_EQ(RateLimitText(*unlimited->rate_limit), "unlimited");

  for (const char* bad : {R"({"rate":-1})", R"({"rate":"fast"})", R"({"burst":5})",
                          R"({"rate":5,"burst":-1})", R"({"rate":5,"burst":1.5})",
                          R"({"rate":5,"bust":5})", R"(5)"}) {
    auto entry = ApiKeyFromJson(boost::json::parse(
        std::string(R"({"name":"a","key":"abc","permissions":"decide","rate_limit":)") + bad +
        "}"));
    EXPECT_FALSE(entry) << bad;
    if (!entry) {
      EXPECT_NE(entry.error().field.find("rate_limit"), std::string::npos) << bad;
    }
  }
}

TEST(ApiKeys, GeneratedAccessKeysLookLikeIams) {
  auto a = GenerateAccessKey();
  auto b = GenerateAccessKey();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id, b->id);
  EXPECT_NE(a->secret, b->secret);
  EXPECT_EQ(a->id.size(), 20u);
  EXPECT_TRUE(a->id.starts_with("AKIA"));
  EXPECT_EQ(a->id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), std::string::npos);
  EXPECT_EQ(a->secret.size(), 40u);
  EXPECT_EQ(a->secret.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            std::string::npos);
  EXPECT_TRUE(ValidateAccessKey(*a, "k"));
}

TEST(ApiKeys, AccessKeysAreStoredFoundAndValidated) {
  auto entry = ApiKeyFromJson(boost::json::parse(
      R"({"name":"scorer","permissions":"decide","access_key_id":"AKIAIOSFODNN7EXAMPLE",)"
      R"("secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})"));
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->sha256, "");
  ASSERT_TRUE(entry->access_key);
  EXPECT_EQ(entry->access_key->id, "AKIAIOSFODNN7EXAMPLE");
  auto again = ApiKeyFromJson(ToJson(*entry));  // as stored by `vigil keys create --aws`
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->access_key, entry->access_key);
  EXPECT_FALSE(ToJson(*entry).contains("key_sha256"));

  // A stored entry from before access keys reads unchanged.
  auto old = ApiKeyFromJson(boost::json::parse(
      R"({"name":"ops","key_sha256":")" + Sha256Hex("k") + R"(","permissions":"admin"})"));
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_FALSE(old->access_key);

  KeyRing ring({*old, *entry});
  EXPECT_EQ(ring.FindAccessKey("AKIAIOSFODNN7EXAMPLE")->name, "scorer");
  EXPECT_EQ(ring.FindAccessKey("AKIAOTHER0000000000"), nullptr);
  EXPECT_EQ(ring.Find("k")->name, "ops");
  EXPECT_EQ(ring.Find(""), nullptr);  // the access-key-only entry has no hash to match

  for (const char* bad : {
           R"({"name":"a","permissions":"decide","access_key_id":"AKIAIOSFODNN7EXAMPLE"})",
           R"({"name":"a","permissions":"decide","secret_access_key":"wJalrXUtnFEMI/K7MDENG"})",
           R"({"name":"a","permissions":"decide","access_key_id":"akia-lower-case-id",)"
           R"("secret_access_key":"wJalrXUtnFEMI/K7MDENG"})",
           R"({"name":"a","permissions":"decide","access_key_id":"AKIASHORT",)"
           R"("secret_access_key":"wJalrXUtnFEMI/K7MDENG"})",
           R"({"name":"a","permissions":"decide","access_key_id":"AKIAIOSFODNN7EXAMPLE",)"
           R"("secret_access_key":"short"})",
           R"({"name":"a","permissions":"decide","access_key_id":"AKIAIOSFODNN7EXAMPLE",)"
           R"("secret_access_key":"has a space in it!!"})",
           R"({"name":"a","permissions":"decide","key":"x","key_sha256":")"
           R"(ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})",
       }) {
    auto refused = ApiKeyFromJson(boost::json::parse(bad));
    EXPECT_FALSE(refused) << bad;
  }
}

TEST(ApiKeys, DuplicateNamesOrAccessKeyIdsAreRefused) {
  const ApiKey a{"a", Sha256Hex("1"), kAdmin, std::nullopt, AccessKey{"AKIA0000000000000001", "s"}};
  const ApiKey b{"b", Sha256Hex("2"), kAdmin, std::nullopt, AccessKey{"AKIA0000000000000002", "s"}};
  EXPECT_TRUE(CheckDistinctKeys({a, b}));
  ApiKey same_name = b;
  same_name.name = "a";
  auto names = CheckDistinctKeys({a, same_name});
  ASSERT_FALSE(names);
  EXPECT_NE(names.error().message.find("'a'"), std::string::npos);
  ApiKey same_id = b;
  same_id.access_key = a.access_key;
  auto ids = CheckDistinctKeys({a, same_id});
  ASSERT_FALSE(ids);
  EXPECT_EQ(ids.error().field, "access_key_id");
}

}  // namespace
}  // namespace vigil::api
