#include "catalog/codec.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace vigil::catalog {
namespace {

boost::json::value J(std::string_view text) { return *json::Parse(text); }

TEST(Codec, VariableRoundTrip) {
  auto v = FromJson<Variable>(J(R"({"name":"transaction_amount","data_type":"FLOAT",
      "default_value":0,"variable_type":"PRICE"})"));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->data_type, DataType::kFloat);
  EXPECT_EQ(*v->default_value, "0");
  auto back = FromJson<Variable>(ToJson(*v));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "transaction_amount");
  EXPECT_EQ(back->variable_type, "PRICE");
}

TEST(Codec, DerivedVariableRoundTrip) {
  auto v = FromJson<Variable>(J(R"({"name":"tx_during_night","data_type":"BOOLEAN",
      "data_source":"DERIVED","derived":{"expression":"gethour(geteventdatetime()) <= 6"}})"));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->data_source, DataSource::kDerived);
  ASSERT_TRUE(v->derived);
  EXPECT_EQ(v->derived->expression, "gethour(geteventdatetime()) <= 6");
  EXPECT_EQ(v->derived->event_type, "");
  v->derived->event_type = "card_transaction";
  auto back = FromJson<Variable>(ToJson(*v));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *v);
  auto typo = FromJson<Variable>(J(R"({"name":"x","data_type":"BOOLEAN","data_source":"DERIVED",
      "derived":{"expresion":"true"}})"));
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().field, "derived.expresion");
}

TEST(Codec, UnknownFieldsAndBadEnumsNameTheField) {
  auto v = FromJson<Variable>(J(R"({"name":"x","data_type":"FLOAT","default_value":0,"typo":1})"),
                              "variables[3]");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().field, "variables[3].typo");
  auto t = FromJson<Variable>(J(R"({"name":"x","data_type":"DOUBLE","default_value":0})"));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "data_type");
  EXPECT_NE(t.error().message.find("DOUBLE"), std::string::npos);
}

TEST(Codec, DetectorVersionAcceptsAfdStringVersions) {
  auto v = FromJson<DetectorVersion>(J(R"({"detector_id":"d","detector_version":"2",
      "status":"ACTIVE","rule_execution_mode":"ALL_MATCHED",
      "rules":[{"rule_id":"a","rule_version":"3"},"b"],"default_outcome":"legit"})"));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->version, 2);
  EXPECT_EQ(v->status, VersionStatus::kActive);
  EXPECT_EQ(v->execution_mode, ExecutionMode::kAllMatched);
  ASSERT_EQ(v->rules.size(), 2u);
  EXPECT_EQ(v->rules[0], (RuleRef{"a", 3}));
  EXPECT_EQ(v->rules[1], (RuleRef{"b", 0}));
  auto back = FromJson<DetectorVersion>(ToJson(*v));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->default_outcome, "legit");
}

TEST(Codec, RuleVersionRequiresExpressionAndOutcomes) {
  auto r = FromJson<RuleVersion>(J(R"({"rule_id":"r","outcomes":["fraud"]})"), "rules[0]");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "rules[0].expression");
  auto o = FromJson<RuleVersion>(J(R"({"rule_id":"r","expression":"true","outcomes":[]})"));
  ASSERT_TRUE(o);  // emptiness is a validation rule, not a shape error
}

}  // namespace
}  // namespace vigil::catalog
