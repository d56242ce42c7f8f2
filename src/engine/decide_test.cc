#include "engine/decide.h"

#include <gtest/gtest.h>

#include "engine/decision_record.h"
#include "engine/test_catalog.h"

namespace vigil::engine {
namespace {

SnapshotPtr Example() {
  auto s = Snapshot::Build(std::make_shared<catalog::Catalog>(testing::ExampleCatalog()));
  EXPECT_TRUE(s) << s.error().message;
  return *s;
}

// The example with its rules only (no model scored), for the tests of how rules are evaluated.
catalog::Catalog RulesOnlyCatalog() {
  catalog::Catalog c = testing::ExampleCatalog();
  for (auto& [n, v] : c.detector_versions.at("transaction_detector")) v.model_versions.clear();
  return c;
}

SnapshotPtr RulesOnly() {
  auto s = Snapshot::Build(std::make_shared<catalog::Catalog>(RulesOnlyCatalog()));
  EXPECT_TRUE(s) << s.error().message;
  return *s;
}

EventInput Seed() {
  EventInput in;
  in.event_id = "abc123";
  in.detector_id = "transaction_detector";
  in.fields = {{"transaction_amount", Value::Integer(1000)},
               {"ip_address", Value::String("123.45.67.89")},
               {"account_id", Value::String("user_789")}};
  return in;
}

TEST(Decide, TheSeedRequestIsFraudAsTheSeedSays) {
  // The seed's $transaction_model_insightscore > 900 -> FRAUD, with the example's model.
  auto d = Decide(Example(), Seed(), 5'000'000);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->fraud_label, "FRAUD");
  EXPECT_EQ(d->outcomes, std::vector<std::string>{"fraud"});
  ASSERT_EQ(d->evaluated.size(), 2u);  // FIRST_MATCHED stops at high_model_score
  EXPECT_TRUE(d->evaluated[1].matched);
  ASSERT_TRUE(d->insight_score.has_value());
  EXPECT_GT(*d->insight_score, 900);
  EXPECT_EQ(d->entities[0].entity_id, "user_789");
}

TEST(Decide, WithoutTheModelTheSeedRequestIsReviewed) {
  auto d = Decide(RulesOnly(), Seed(), 5'000'000);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->fraud_label, "REVIEW");  // 1000 >= 1000 and < 10000: large_amount
  EXPECT_EQ(d->outcomes, std::vector<std::string>{"review"});
  ASSERT_EQ(d->evaluated.size(), 4u);  // FIRST_MATCHED stops at large_amount
  EXPECT_FALSE(d->evaluated[1].matched);
  EXPECT_EQ(d->evaluated[1].expression_with_values, "null > 900");
  EXPECT_TRUE(d->evaluated[3].matched);
  EXPECT_FALSE(d->insight_score.has_value());
}

TEST(Decide, NoMatchGivesTheDefaultOutcome) {
  EventInput in = Seed();
  in.fields[0].second = Value::Float(12.5);
  auto d = Decide(Example(), in, 5'000'000);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->fraud_label, "LEGIT");
  EXPECT_EQ(d->outcomes, std::vector<std::string>{"legit"});
  EXPECT_EQ(d->evaluated.size(), 6u);
  EXPECT_LT(*d->insight_score, 600);
}

TEST(Decide, BlockedIpIsFraudAndMissingVariablesTakeDefaults) {
  EventInput in = Seed();
  in.fields = {{"ip_address", Value::String("203.0.113.7")}};
  auto d = Decide(Example(), in, 5'000'000);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->fraud_label, "FRAUD");
  EXPECT_EQ(d->values[0], Value::Float(0));
  EXPECT_EQ(d->sources[0], ValueSource::kDefault);
  EXPECT_EQ(d->entities[0].entity_id, "unknown");
}

TEST(Decide, AnExplicitNullStaysNullAndMatchesNothing) {
  EventInput in = Seed();
  in.fields[0].second = Value::Null();  // transaction_amount: null
  auto d = Decide(RulesOnly(), in, 5'000'000);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->values[0].is_null());
  EXPECT_EQ(d->sources[0], ValueSource::kEvent);
  EXPECT_EQ(d->fraud_label, "LEGIT");
  EXPECT_EQ(d->evaluated[2].expression_with_values, "null >= 10000");
}

TEST(Decide, BadInputNamesTheField) {
  EventInput in = Seed();
  in.fields.push_back({"amount", Value::Integer(1)});
  auto d = Decide(Example(), in, 1);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "amount");
  in = Seed();
  in.fields[0].second = Value::String("lots");
  d = Decide(Example(), in, 1);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "transaction_amount");
  EXPECT_NE(d.error().message.find("expected a FLOAT"), std::string::npos);
  in = Seed();
  in.detector_id = "nope";
  EXPECT_EQ(Decide(Example(), in, 1).error().code, ErrorCode::kNotFound);
  in = Seed();
  in.fields.push_back({"transaction_model_insightscore", Value::Integer(999)});
  EXPECT_EQ(Decide(Example(), in, 1).error().field, "transaction_model_insightscore");
}

TEST(Decide, AllMatchedEvaluatesEveryRuleInOrder) {
  catalog::Catalog c = RulesOnlyCatalog();
  for (auto& [n, v] : c.detector_versions.at("transaction_detector")) {
    v.execution_mode = catalog::ExecutionMode::kAllMatched;
  }
  auto snapshot = Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(c)));
  ASSERT_TRUE(snapshot);
  EventInput in = Seed();
  in.fields = {{"transaction_amount", Value::Integer(20000)},
               {"ip_address", Value::String("203.0.113.7")}};
  auto d = Decide(*snapshot, in, 1);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->evaluated.size(), 6u);
  // blocked_ip (fraud) and very_large_amount (fraud) match; outcomes are not repeated.
  EXPECT_TRUE(d->evaluated[0].matched);
  EXPECT_FALSE(d->evaluated[1].matched);
  EXPECT_TRUE(d->evaluated[2].matched);
  EXPECT_FALSE(d->evaluated[3].matched);
  EXPECT_EQ(d->outcomes, std::vector<std::string>{"fraud"});
  EXPECT_EQ(d->fraud_label, "FRAUD");
  auto record = boost::json::parse(RecordJson(*d)).as_object();
  EXPECT_EQ(record.at("rule_results").as_array().size(), 2u);
}

TEST(DecisionRecord, AnswerIsCutFromTheRecord) {
  auto d = Decide(RulesOnly(), Seed(), 1'752'582'896'000'000);
  ASSERT_TRUE(d);
  auto record = boost::json::parse(RecordJson(*d)).as_object();
  EXPECT_EQ(record.at("timestamp").as_string(), "2025-07-15T12:34:56Z");
  EXPECT_EQ(record.at("rules").as_array().size(), 4u);
  EXPECT_EQ(record.at("variables").as_array()[0].at("value").as_double(), 1000.0);
  auto answer = ToAnswer(record, false);
  // A fresh answer and one cut from the stored record are the same JSON.
  EXPECT_EQ(boost::json::parse(AnswerJson(*d)), boost::json::value(answer));
  EXPECT_EQ(answer.at("fraud_label").as_string(), "REVIEW");
  EXPECT_TRUE(answer.at("insight_score").is_null());
  EXPECT_EQ(answer.at("detector_version").as_string(), "1");
  EXPECT_EQ(answer.at("rule_results").as_array().size(), 1u);
  EXPECT_FALSE(answer.at("replay").as_bool());
}

}  // namespace
}  // namespace vigil::engine
