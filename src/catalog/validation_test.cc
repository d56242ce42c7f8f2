#include "catalog/validation.h"

#include <gtest/gtest.h>

namespace vigil::catalog {
namespace {

Catalog Base() {
  Catalog c;
  c.entity_types["account"] = {"account", "", {}};
  c.labels["fraud"] = {"fraud", "", {}};
  c.outcomes["block"] = {"block", "", {}};
  Variable amount;
  amount.name = "transaction_amount";
  amount.data_type = DataType::kFloat;
  amount.default_value = "0";
  c.variables[amount.name] = amount;
  return c;
}

TEST(Validation, VariableDefaultMustCoerce) {
  Catalog c = Base();
  Variable v;
  v.name = "count";
  v.data_type = DataType::kInteger;
  v.default_value = "abc";
  auto s = Validate(v, c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "default_value");
  v.default_value.reset();
  EXPECT_FALSE(Validate(v, c));
  v.default_value = "0";
  EXPECT_TRUE(Validate(v, c));
}

Variable NightVariable(std::optional<DerivedDefinition> derived) {
  Variable v;
  v.name = "tx_during_night";
  v.data_type = DataType::kBoolean;
  v.data_source = DataSource::kDerived;
  v.derived = std::move(derived);
  return v;
}

std::string RefusedField(const Variable& v, const Catalog& c) {
  auto s = Validate(v, c);
  return s ? "(accepted)" : s.error().field;
}

TEST(Validation, DerivedVariables) {
  const Catalog c = Base();
  const DerivedDefinition night{"transaction", "gethour(geteventdatetime()) <= 6"};
  EXPECT_TRUE(Validate(NightVariable(night), c));
  EXPECT_EQ(RefusedField(NightVariable(std::nullopt), c), "derived.expression");
  EXPECT_EQ(RefusedField(NightVariable(DerivedDefinition{"", night.expression}), c),
            "derived.event_type");
  Variable with_default = NightVariable(night);
  with_default.default_value = "false";
  EXPECT_EQ(RefusedField(with_default, c), "default_value");
  with_default.data_source = DataSource::kEvent;  // a definition on an EVENT variable
  EXPECT_EQ(RefusedField(with_default, c), "derived");
}

TEST(Validation, ModelScoreVariables) {
  Catalog c = Base();
  Variable v;
  v.name = "transaction_model_insightscore";
  v.data_type = DataType::kFloat;
  v.data_source = DataSource::kModelScore;
  EXPECT_TRUE(Validate(v, c));
  v.name = "score";
  EXPECT_FALSE(Validate(v, c));
}

TEST(Validation, EventTypeReferencesMustExist) {
  Catalog c = Base();
  EventType e{"transaction", {"transaction_amount"}, {"account"}, {"fraud"}, false, "", {}};
  EXPECT_TRUE(Validate(e, c));
  e.variables.push_back("nope");
  auto s = Validate(e, c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.error().field, "variables");
}

TEST(Validation, ListElementsFollowAfd) {
  Catalog c = Base();
  List l{"blocked_ips", "IP_ADDRESS", {"1.2.3.4", "a b"}, "", {}};
  EXPECT_TRUE(Validate(l, c));
  l.elements.push_back(" lead");
  auto s = Validate(l, c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "elements[2]");
  l.elements.pop_back();
  l.name = "blocked-ips";
  EXPECT_FALSE(Validate(l, c));
}

TEST(Validation, DetectorVersionRulesMustExist) {
  Catalog c = Base();
  c.event_types["transaction"] = {"transaction", {"transaction_amount"}, {"account"}, {}, false, "", {}};
  c.detectors["d"] = {"d", "transaction", "", {}};
  c.rules[{"d", "big"}][1] = RuleVersion{"d", "big", 1, "$transaction_amount > 1", {"block"}, "", {}};
  DetectorVersion v;
  v.detector_id = "d";
  v.rules = {{"big", 1}};
  EXPECT_TRUE(Validate(v, c));
  v.rules = {{"big", 2}};
  auto s = Validate(v, c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "rules[0]");
  v.rules = {{"big", 1}};
  v.default_outcome = "missing";
  EXPECT_EQ(Validate(v, c).error().field, "default_outcome");
}

}  // namespace
}  // namespace vigil::catalog
