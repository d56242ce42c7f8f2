#include "engine/aggregates.h"

#include <gtest/gtest.h>

#include "catalog/detector_document.h"
#include "core/yaml.h"
#include "engine/decide.h"
#include "engine/decision_record.h"

namespace vigil::engine {
namespace {

constexpr int64_t kMinute = 60'000'000;

constexpr const char* kDetector = R"(
detector: {detector_id: payments, event_type: payment}
entity_types: [account]
labels: [fraud, legit]
outcomes: [review, approve]
variables:
  - {name: amount, data_type: FLOAT, default_value: 0}
  - {name: ip_address, data_type: STRING, default_value: "0.0.0.0"}
  - name: account_tx_1h
    data_type: INTEGER
    data_source: AGGREGATE
    aggregate: {function: count, key: account, window: 1h}
  - name: account_big_mean_1d
    data_type: FLOAT
    data_source: AGGREGATE
    aggregate: {function: mean, key: account, of: amount, window: 1d, filter: "$amount >= 100"}
  - name: account_ips_1d
    data_type: INTEGER
    data_source: AGGREGATE
    aggregate: {function: distinct_count, key: account, of: ip_address, window: 1d}
  - name: ip_seconds_since_last
    data_type: FLOAT
    data_source: AGGREGATE
    aggregate: {function: time_since_last, key: ip_address}
event_type:
  name: payment
  variables: [amount, ip_address]
  entity_types: [account]
  labels: [fraud, legit]
  event_ingestion: ENABLED
rules:
  - rule_id: burst
    expression: $account_tx_1h > 2
    outcomes: [review]
version:
  rules: [burst]
  default_outcome: approve
  status: ACTIVE
)";

Result<SnapshotPtr> Build(const std::string& yaml, const Snapshot* previous = nullptr) {
  auto json = YamlToJson(yaml);
  if (!json) return std::unexpected(json.error());
  VIGIL_TRY(doc, catalog::DocumentFromJson(*json));
  catalog::Catalog c;
  VIGIL_CHECK(catalog::Apply(c, doc, 1'000'000));
  return Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(c)), previous);
}

EventInput Payment(std::string id, int64_t at, double amount, std::string ip,
                   std::string account = "a1") {
  EventInput in;
  in.event_id = std::move(id);
  in.detector_id = "payments";
  in.event_micros = at;
  in.fields = {{"amount", Value::Float(amount)},
               {"ip_address", Value::String(std::move(ip))},
               {"account_id", Value::String(std::move(account))}};
  return in;
}

const Value& Get(const Decision& d, const std::string& variable) {
  return d.values.at(static_cast<size_t>(d.version->event_type->slot_of.at(variable)));
}

TEST(Aggregates, DecisionsReadAndUpdateTheWindowsAndRulesSeeThem) {
  auto snapshot = Build(kDetector);
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  auto first = Decide(*snapshot, Payment("e1", 0, 50, "10.0.0.1"), 0);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(Get(*first, "account_tx_1h"), Value::Integer(1));
  EXPECT_TRUE(Get(*first, "account_big_mean_1d").is_null());  // 50 < 100: filtered out
  EXPECT_EQ(Get(*first, "account_ips_1d"), Value::Integer(1));
  EXPECT_TRUE(Get(*first, "ip_seconds_since_last").is_null());
  EXPECT_EQ(first->fraud_label, "APPROVE");

  auto second = Decide(*snapshot, Payment("e2", 10 * kMinute, 300, "10.0.0.2"), 0);
  ASSERT_TRUE(second);
  EXPECT_EQ(Get(*second, "account_big_mean_1d"), Value::Float(300));
  EXPECT_EQ(Get(*second, "account_ips_1d"), Value::Integer(2));

  auto third = Decide(*snapshot, Payment("e3", 30 * kMinute, 100, "10.0.0.1"), 0);
  ASSERT_TRUE(third);
  EXPECT_EQ(Get(*third, "account_tx_1h"), Value::Integer(3));
  EXPECT_EQ(Get(*third, "account_big_mean_1d"), Value::Float(200));
  EXPECT_EQ(Get(*third, "ip_seconds_since_last"), Value::Float(1800));  // 10.0.0.1 at 0
  EXPECT_EQ(third->fraud_label, "REVIEW");  // the rule reads the aggregate
  EXPECT_EQ(third->evaluated[0].expression_with_values, "3 > 2");

  // Another account has its own windows; an hour later the first events have left.
  auto other = Decide(*snapshot, Payment("e4", 30 * kMinute, 5, "10.0.0.9", "a2"), 0);
  EXPECT_EQ(Get(*other, "account_tx_1h"), Value::Integer(1));
  auto later = Decide(*snapshot, Payment("e5", 70 * kMinute, 5, "10.0.0.9"), 0);
  EXPECT_EQ(Get(*later, "account_tx_1h"), Value::Integer(2));  // e3 and e5
}

TEST(Aggregates, AFilterReadsTheEventsTimeAndDerivedVariables) {
  // Night payments of the account in the last day: by the event's own time, whenever decided.
  std::string yaml = kDetector;
  const std::string extra = R"(
  - name: at_night
    data_type: BOOLEAN
    data_source: DERIVED
    derived: {expression: "gethour(geteventdatetime()) <= 6"}
  - name: account_night_tx_1d
    data_type: INTEGER
    data_source: AGGREGATE
    aggregate: {function: count, key: account, window: 1d, filter: "$at_night"}
  - name: account_early_tx_1d
    data_type: INTEGER
    data_source: AGGREGATE
    aggregate: {function: count, key: account, window: 1d,
                filter: "gethour(getcurrentdatetime()) < 3"}
)";
  yaml.insert(yaml.find("event_type:\n"), extra);
  auto snapshot = Build(yaml);
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  const int64_t hour = 60 * kMinute;
  const int64_t decided = 12 * hour;  // noon: neither night nor early
  for (const auto& [id, at] : std::vector<std::pair<std::string, int64_t>>{
           {"n1", 1 * hour}, {"n2", 5 * hour}, {"d1", 9 * hour}}) {
    ASSERT_TRUE(Decide(*snapshot, Payment(id, at, 10, "10.0.0.1"), decided));
  }
  auto last = Decide(*snapshot, Payment("n3", 6 * hour + 30 * kMinute, 10, "10.0.0.1"), decided);
  ASSERT_TRUE(last);
  EXPECT_EQ(Get(*last, "account_night_tx_1d"), Value::Integer(3));  // n1, n2, n3
  EXPECT_EQ(Get(*last, "account_early_tx_1d"), Value::Integer(1));  // n1 only: 01:00 < 03:00
}

TEST(Aggregates, TheRecordHoldsTheValuesAsAggregates) {
  auto snapshot = Build(kDetector);
  ASSERT_TRUE(snapshot);
  auto d = Decide(*snapshot, Payment("e1", 0, 150, "10.0.0.1"), 0);
  ASSERT_TRUE(d);
  const std::string record = RecordJson(*d);
  EXPECT_NE(record.find(R"("name":"account_big_mean_1d","data_type":"FLOAT","value":150)"),
            std::string::npos)
      << record;
  EXPECT_NE(record.find(R"("source":"AGGREGATE")"), std::string::npos) << record;
}

TEST(Aggregates, AnEventCannotSetAnAggregate) {
  auto snapshot = Build(kDetector);
  ASSERT_TRUE(snapshot);
  EventInput in = Payment("e1", 0, 1, "10.0.0.1");
  in.fields.push_back({"account_tx_1h", Value::Integer(0)});
  auto d = Decide(*snapshot, in, 0);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "account_tx_1h");
  EXPECT_NE(d.error().message.find("Vigil computes it"), std::string::npos);
  // ...and the refused event counted nowhere.
  auto next = Decide(*snapshot, Payment("e2", 0, 1, "10.0.0.1"), 0);
  EXPECT_EQ(Get(*next, "account_tx_1h"), Value::Integer(1));
}

TEST(Aggregates, ADecisionTakenBackCountsNoMore) {
  auto snapshot = Build(kDetector);
  ASSERT_TRUE(snapshot);
  auto d = Decide(*snapshot, Payment("e1", 0, 1, "10.0.0.1"), 0);
  ASSERT_TRUE(d);
  UndoAggregates(*d);
  UndoAggregates(*d);  // idempotent
  auto next = Decide(*snapshot, Payment("e2", kMinute, 1, "10.0.0.1"), 0);
  EXPECT_EQ(Get(*next, "account_tx_1h"), Value::Integer(1));
  EXPECT_TRUE(Get(*next, "ip_seconds_since_last").is_null());
  // The same event id and time again is not counted twice.
  auto again = Decide(*snapshot, Payment("e2", kMinute, 1, "10.0.0.1"), 0);
  EXPECT_EQ(Get(*again, "account_tx_1h"), Value::Integer(1));
  EXPECT_TRUE(again->aggregate_updates.empty());
}

TEST(Aggregates, ACatalogEditKeepsTheStateOfUnchangedAggregates) {
  auto before = Build(kDetector);
  ASSERT_TRUE(before);
  ASSERT_TRUE(Decide(*before, Payment("e1", 0, 1, "10.0.0.1"), 0));
  // A new rule leaves every definition as it was: the windows carry over.
  std::string edited = kDetector;
  edited.replace(edited.find("$account_tx_1h > 2"), 18, "$account_tx_1h > 5");
  auto after = Build(edited, before->get());
  ASSERT_TRUE(after) << after.error().message;
  auto d = Decide(*after, Payment("e2", kMinute, 1, "10.0.0.1"), 0);
  EXPECT_EQ(Get(*d, "account_tx_1h"), Value::Integer(2));
  EXPECT_EQ((*after)->FindEventType("payment")->aggregates.groups()[0].windows,
            (*before)->FindEventType("payment")->aggregates.groups()[0].windows);
  // A changed window is a new aggregate: its group starts empty, the other keeps its state.
  std::string rewindowed = edited;
  rewindowed.replace(rewindowed.find("window: 1h"), 10, "window: 2h");
  auto changed = Build(rewindowed, after->get());
  ASSERT_TRUE(changed);
  d = Decide(*changed, Payment("e3", 2 * kMinute, 1, "10.0.0.1"), 0);
  EXPECT_EQ(Get(*d, "account_tx_1h"), Value::Integer(1));
  EXPECT_EQ(Get(*d, "ip_seconds_since_last"), Value::Float(60));
}

TEST(Aggregates, ReferencesThatDoNotResolveAreRefusedNamingTheVariable) {
  struct Case {
    std::string from, to, field, says;
  };
  const Case cases[] = {
      {"key: account, window: 1h", "key: card, window: 1h", "aggregate.key",
       "neither an entity type nor a variable"},
      {"of: amount, window: 1d", "of: ip_address, window: 1d", "aggregate.of",
       "mean needs a number, and 'ip_address' is STRING"},
      {"of: ip_address, window: 1d", "of: device, window: 1d", "aggregate.of",
       "'device' is not a variable"},
      {"filter: \"$amount >= 100\"", "filter: \"$amount >=\"", "aggregate.filter", "filter: "},
      {"filter: \"$amount >= 100\"", "filter: \"$account_tx_1h > 1\"", "aggregate.filter",
       "account_tx_1h"},
      {"event_ingestion: ENABLED", "event_ingestion: DISABLED", "aggregate.event_type",
       "set event_ingestion: ENABLED"},
      {"{function: time_since_last, key: ip_address}",
       "{function: fraud_rate, key: ip_address, window: 1d, fraud_labels: [chargeback]}",
       "aggregate.fraud_labels", "'chargeback' is not a label"},
  };
  for (const Case& c : cases) {
    std::string yaml = kDetector;
    ASSERT_NE(yaml.find(c.from), std::string::npos) << c.from;
    yaml.replace(yaml.find(c.from), c.from.size(), c.to);
    auto built = Build(yaml);
    ASSERT_FALSE(built) << c.to;
    EXPECT_EQ(built.error().field, c.field) << built.error().message;
    EXPECT_NE(built.error().message.find(c.says), std::string::npos) << built.error().message;
  }
}

}  // namespace
}  // namespace vigil::engine
