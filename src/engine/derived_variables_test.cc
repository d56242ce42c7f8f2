// DERIVED variables: compiled with the event type (snapshot.h), computed when an event is bound
// (bind_event.h) or, for those that read aggregates, once the aggregates are (Decide and the
// history replay alike), read by rules and recorded by Decide (decide.h).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/time_format.h"
#include "engine/bind_event.h"
#include "engine/decide.h"
#include "engine/event_history.h"
#include "engine/test_catalog.h"

namespace vigil::engine {
namespace {

catalog::Variable Derived(std::string name, DataType type, std::string expression) {
  catalog::Variable v;
  v.name = std::move(name);
  v.data_type = type;
  v.data_source = catalog::DataSource::kDerived;
  v.derived = catalog::DerivedDefinition{"transaction", std::move(expression)};
  return v;
}

Result<SnapshotPtr> Build(std::vector<catalog::Variable> derived) {
  catalog::Catalog c = testing::ExampleCatalog();
  for (auto& v : derived) c.variables[v.name] = std::move(v);
  return Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(c)));
}

int64_t At(const char* iso) { return *ParseIso8601(iso); }

TEST(DerivedVariables, AreComputedFromTheEventAndItsTime) {
  auto snapshot = Build(
      {Derived("tx_at_night", DataType::kBoolean, "gethour(geteventdatetime()) <= 6"),
       Derived("amount_cents", DataType::kFloat, "$transaction_amount * 100"),
       Derived("hour", DataType::kFloat, "gethour(geteventdatetime())"),
       Derived("ip_prefix_zero", DataType::kBoolean, "regex_match(\"0\\..*\", $ip_address)")});
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  const CompiledEventType& e = *(*snapshot)->FindEventType("transaction");
  auto bound =
      BindEvent({{"transaction_amount", Value::Integer(12)}}, e, At("2018-04-02T06:30:00Z"));
  ASSERT_TRUE(bound) << bound.error().message;
  auto value = [&](const char* name) { return bound->values[e.slot_of.at(name)]; };
  EXPECT_EQ(value("tx_at_night"), Value::Boolean(true));
  EXPECT_EQ(value("amount_cents"), Value::Float(1200));
  EXPECT_EQ(value("hour"), Value::Float(6));  // an INTEGER expression stored as the FLOAT declared
  EXPECT_EQ(value("ip_prefix_zero"), Value::Boolean(true));  // the default 0.0.0.0
  EXPECT_EQ(bound->sources[e.slot_of.at("tx_at_night")], ValueSource::kDerived);
  // A stored event keeps its own variables only: derived ones are computed again from them.
  EXPECT_EQ(EventVariablesJson(e, bound->values),
            R"({"transaction_amount":12.0,"ip_address":"0.0.0.0"})");

  auto day = BindEvent({}, e, At("2018-04-02T07:00:00Z"));
  ASSERT_TRUE(day);
  EXPECT_EQ(day->values[e.slot_of.at("tx_at_night")], Value::Boolean(false));
}

TEST(DerivedVariables, RulesReadThemAndDecisionsRecordThem) {
  catalog::Catalog c = testing::ExampleCatalog();
  c.variables["tx_at_night"] =
      Derived("tx_at_night", DataType::kBoolean, "gethour(geteventdatetime()) <= 6");
  auto& rule = c.rules.begin()->second.rbegin()->second;
  rule.expression = "$tx_at_night and $transaction_amount > 5";
  const std::string detector_id = rule.detector_id;
  auto snapshot = Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(c)));
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  EventInput input;
  input.event_id = "e1";
  input.detector_id = detector_id;
  input.event_micros = At("2018-04-02T03:00:00Z");
  input.fields = {{"transaction_amount", Value::Integer(50)}};
  auto d = Decide(*snapshot, input, At("2026-01-01T12:00:00Z"));  // decided at noon: not "now"
  ASSERT_TRUE(d) << d.error().message;
  const int slot = d->version->event_type->slot_of.at("tx_at_night");
  EXPECT_EQ(d->values[slot], Value::Boolean(true));
  EXPECT_EQ(d->sources[slot], ValueSource::kDerived);
  EXPECT_STREQ(ValueSourceName(d->sources[slot]), "DERIVED");
  auto night_rule = std::ranges::find_if(d->evaluated, [](const RuleEvaluation& r) {
    return r.rule->expression == "$tx_at_night and $transaction_amount > 5";
  });
  ASSERT_NE(night_rule, d->evaluated.end());
  EXPECT_TRUE(night_rule->matched);
  EXPECT_EQ(night_rule->expression_with_values, "true and 50.0 > 5");
}

TEST(DerivedVariables, EventsCannotSetThem) {
  auto snapshot =
      Build({Derived("tx_at_night", DataType::kBoolean, "gethour(geteventdatetime()) <= 6")});
  ASSERT_TRUE(snapshot);
  auto bound = BindEvent({{"tx_at_night", Value::Boolean(false)}},
                         *(*snapshot)->FindEventType("transaction"), 0);
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().field, "tx_at_night");
  EXPECT_EQ(bound.error().message,
            "tx_at_night is derived from the event's other variables (gethour(geteventdatetime()) "
            "<= 6); Vigil computes it, events cannot set it");
}

TEST(DerivedVariables, AnExpressionThatDoesNotFitIsRefusedWithItsReason) {
  struct Case {
    catalog::Variable variable;
    std::string message;
  };
  const std::vector<Case> cases = {
      {Derived("night", DataType::kInteger, "gethour(geteventdatetime()) <= 6"),
       "derived variable 'night': derived.expression is BOOLEAN, but the variable's data_type is "
       "INTEGER"},
      {Derived("cents", DataType::kInteger, "$transaction_amount * 100"),
       "derived variable 'cents': derived.expression is FLOAT, but the variable's data_type is "
       "INTEGER"},
      {Derived("typo", DataType::kFloat, "$transaction_amout * 100"),
       "derived variable 'typo': derived.expression: 1:1: unknown variable $transaction_amout "
       "(did you mean $transaction_amount?)"},
      // Lists change over time; a derived value must not.
      {Derived("blocked", DataType::kBoolean, "$ip_address in @blocked_ips"),
       "derived variable 'blocked': derived.expression: 1:16: unknown list @blocked_ips"},
      // Nor may it read a model score or another derived variable.
      {Derived("score", DataType::kBoolean, "$transaction_model_insightscore > 900"),
       "derived variable 'score': derived.expression: 1:1: unknown variable "
       "$transaction_model_insightscore"},
  };
  for (const Case& c : cases) {
    auto snapshot = Build({c.variable});
    ASSERT_FALSE(snapshot) << c.variable.name;
    EXPECT_EQ(snapshot.error().field, "derived.expression");
    EXPECT_EQ(snapshot.error().message.substr(0, c.message.size()), c.message);
  }
}

TEST(DerivedVariables, ThoseThatReadAggregatesAreComputedOnceTheAggregatesAre) {
  auto snapshot =
      Build({Derived("amount_over_mean_7d", DataType::kFloat,
                     "$transaction_amount / $account_amount_mean_7d"),
             Derived("cents", DataType::kFloat, "$transaction_amount * 100")});
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  const CompiledEventType& e = *(*snapshot)->FindEventType("transaction");
  const int ratio = e.slot_of.at("amount_over_mean_7d");
  EXPECT_GT(ratio, e.slot_of.at("account_amount_mean_7d"));  // after the aggregates' slots
  EXPECT_TRUE(e.ReadsHistory(ratio));
  EXPECT_TRUE(e.ReadsHistory(e.slot_of.at("account_amount_mean_7d")));
  EXPECT_FALSE(e.ReadsHistory(e.slot_of.at("cents")));
  EXPECT_FALSE(e.ReadsHistory(e.slot_of.at("transaction_amount")));

  // Binding alone leaves it null: the aggregates are not known yet.
  auto bound = BindEvent({{"transaction_amount", Value::Integer(10)}}, e, At("2018-04-02T06:00:00Z"));
  ASSERT_TRUE(bound);
  EXPECT_TRUE(bound->values[ratio].is_null());
  EXPECT_EQ(bound->sources[ratio], ValueSource::kDerived);

  auto decide = [&](const char* id, int amount, const char* at) {
    EventInput input;
    input.event_id = id;
    input.detector_id = "transaction_detector";
    input.event_micros = At(at);
    input.fields = {{"account_id", Value::String("a1")},
                    {"transaction_amount", Value::Integer(amount)}};
    auto d = Decide(*snapshot, input, At(at));
    EXPECT_TRUE(d) << d.error().message;
    return d ? d->values[ratio] : Value::Null();
  };
  EXPECT_EQ(decide("e1", 10, "2018-04-02T06:00:00Z"), Value::Float(1.0));
  EXPECT_EQ(decide("e2", 30, "2018-04-02T07:00:00Z"), Value::Float(1.5));  // 30 / mean(10, 30)

  // The replay training reads from computes it the same way, in windows of its own.
  auto replay = Build({Derived("amount_over_mean_7d", DataType::kFloat,
                               "$transaction_amount / $account_amount_mean_7d")});
  ASSERT_TRUE(replay);
  const CompiledEventType& r = *(*replay)->FindEventType("transaction");
  HistoryReplayer replayer(r);
  double seen = 0;
  for (auto [id, amount, at] : {std::tuple{"e1", 10, "2018-04-02T06:00:00Z"},
                                std::tuple{"e2", 30, "2018-04-02T07:00:00Z"}}) {
    const std::vector<std::pair<std::string, Value>> fields = {
        {"account_id", Value::String("a1")}, {"transaction_amount", Value::Integer(amount)}};
    auto event = BindHistoryEvent(r, HistoryEvent{id, At(at), &fields});
    ASSERT_TRUE(event) << event.error().message;
    seen = replayer.CountAndRead(*event, (*replay)->lists())[r.slot_of.at("amount_over_mean_7d")]
               .number();
  }
  EXPECT_DOUBLE_EQ(seen, 1.5);
}

TEST(DerivedVariables, ThoseThatReadAggregatesAreNotReadByOtherDerivedVariablesOrFilters) {
  auto derived_on_derived =
      Build({Derived("ratio", DataType::kFloat, "$transaction_amount / $account_amount_mean_7d"),
             Derived("high_ratio", DataType::kBoolean, "$ratio > 3")});
  ASSERT_FALSE(derived_on_derived);
  const std::string expected =
      "derived variable 'high_ratio': derived.expression: 1:1: unknown variable $ratio";
  EXPECT_EQ(derived_on_derived.error().message.substr(0, expected.size()), expected);

  catalog::Catalog c = testing::ExampleCatalog();
  c.variables["ratio"] =
      Derived("ratio", DataType::kFloat, "$transaction_amount / $account_amount_mean_7d");
  c.variables["account_tx_count_1d"].aggregate->filter = "$ratio > 3";
  auto filtered = Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(c)));
  ASSERT_FALSE(filtered);
  EXPECT_NE(filtered.error().message.find("unknown variable $ratio"), std::string::npos)
      << filtered.error().message;
}

}  // namespace
}  // namespace vigil::engine
