#include "ml/target_encoding.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::ml {
namespace {

struct Rows {
  std::vector<std::string> keys;
  std::vector<char> fraud;
  void Add(const std::string& key, int events, int frauds) {
    for (int i = 0; i < events; ++i) {
      keys.push_back(key);
      fraud.push_back(i < frauds);
    }
  }
  std::span<const bool> labels() const {
    return {reinterpret_cast<const bool*>(fraud.data()), fraud.size()};
  }
};

TEST(TargetEncoding, AValueReadsAsItsSmoothedFraudRate) {
  Rows rows;
  rows.Add("risky", 100, 50);
  rows.Add("safe", 96, 0);
  rows.Add("rare", 4, 4);  // below min_events
  const TargetEncoding t = TargetEncoding::Fit(rows.keys, rows.labels());
  EXPECT_DOUBLE_EQ(t.overall_rate(), 54.0 / 200);
  EXPECT_DOUBLE_EQ(t.Encode("risky"), (50 + 20 * 0.27) / (100 + 20));
  EXPECT_DOUBLE_EQ(t.Encode("safe"), (0 + 20 * 0.27) / (96 + 20));
  EXPECT_DOUBLE_EQ(t.Encode("rare"), 0.27);
  EXPECT_DOUBLE_EQ(t.Encode("never seen"), 0.27);
  EXPECT_EQ(t.values(), 2u);
}

TEST(TargetEncoding, ATrainingRowNeverSeesItsOwnLabel) {
  std::mt19937_64 random(9);
  Rows rows;
  for (int i = 0; i < 2000; ++i) {
    rows.keys.push_back("k" + std::to_string(random() % 30));
    rows.fraud.push_back(random() % 4 == 0);
  }
  const TargetEncoding before = TargetEncoding::Fit(rows.keys, rows.labels());
  for (size_t row : {0, 1, 17, 999, 1998}) {
    Rows flipped = rows;
    flipped.fraud[row] = !flipped.fraud[row];
    const TargetEncoding after = TargetEncoding::Fit(flipped.keys, flipped.labels());
    EXPECT_DOUBLE_EQ(after.EncodeTrainingRow(row, rows.keys[row]),
                     before.EncodeTrainingRow(row, rows.keys[row]))
        << "row " << row;
    EXPECT_NE(after.Encode(rows.keys[row]), before.Encode(rows.keys[row]));  // serving does
  }
}

TEST(TargetEncoding, KeepsTheMostFrequentValuesForServing) {
  Rows rows;
  for (int v = 0; v < 10; ++v) rows.Add("v" + std::to_string(v), 10 + v, 1);
  TargetEncodingOptions options;
  options.max_values = 3;
  const TargetEncoding t = TargetEncoding::Fit(rows.keys, rows.labels(), options);
  EXPECT_EQ(t.values(), 3u);
  EXPECT_NE(t.Encode("v9"), t.overall_rate());
  EXPECT_NE(t.Encode("v7"), t.overall_rate());
  EXPECT_DOUBLE_EQ(t.Encode("v6"), t.overall_rate());
}

TEST(TargetEncoding, JsonRoundTripsWhatServingNeedsInAFixedOrder) {
  Rows rows;
  rows.Add("b", 50, 10);
  rows.Add("a", 50, 1);
  const TargetEncoding t = TargetEncoding::Fit(rows.keys, rows.labels());
  const boost::json::object json = t.ToJson();
  EXPECT_EQ(json.at("values").as_object().begin()->key(), "a");
  auto back = TargetEncoding::FromJson(json);
  ASSERT_TRUE(back) << back.error().message;
  for (const char* key : {"a", "b", "c"}) EXPECT_DOUBLE_EQ(back->Encode(key), t.Encode(key));
  EXPECT_FALSE(TargetEncoding::FromJson(boost::json::value("nope")));
  EXPECT_FALSE(TargetEncoding::FromJson(
      boost::json::object{{"overall_rate", 0.1}, {"values", {{"a", "high"}}}}));
}

}  // namespace
}  // namespace vigil::ml
