#include "ml/data_checks.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vigil::ml {
namespace {

// `rows` events, one fraud in `fraud_every`; columns: a useful one, a constant, an empty one and
// one missing in every other row.
struct Example {
  std::vector<std::string> names;
  size_t rows = 0;
  std::vector<float> values;
  std::vector<char> labels;
  FeatureMatrix matrix() const { return {values, rows, names.size()}; }
  std::span<const bool> fraud() const {
    return {reinterpret_cast<const bool*>(labels.data()), labels.size()};
  }
};
Example Make(size_t rows, size_t fraud_every) {
  Example e;
  e.names = {"amount", "currency", "device", "referrer"};
  e.rows = rows;
  for (size_t r = 0; r < rows; ++r) {
    e.values.insert(e.values.end(),
                    {static_cast<float>(r % 97), 1.0f, NAN, r % 2 ? NAN : 3.0f + r % 5});
    e.labels.push_back(r % fraud_every == 0);
  }
  return e;
}

TEST(DataChecks, EmptyAndConstantVariablesAreDroppedAndMissingValuesReported) {
  const Example e = Make(20'000, 20);  // 1,000 frauds, 19,000 legit
  const DataChecks checks = CheckTrainingData(e.matrix(), e.names, e.fraud());
  EXPECT_TRUE(checks.ok());
  EXPECT_EQ(checks.keep, (std::vector<bool>{true, false, false, true}));
  ASSERT_EQ(checks.messages.size(), 3u);
  EXPECT_EQ(FormatMessage(checks.messages[0]),
            "WARNING currency: Constant variable: every event with a value has 1, which tells "
            "nothing apart; it is left out of the model");
  EXPECT_EQ(checks.messages[1].field, "device");
  EXPECT_EQ(checks.messages[1].title, "Empty variable");
  EXPECT_EQ(checks.messages[2].severity, Severity::kInfo);
  EXPECT_EQ(checks.messages[2].field, "referrer");
  EXPECT_NE(checks.messages[2].content.find("50.0% of the events"), std::string::npos);
}

TEST(DataChecks, TooFewEventsOfAClassIsAnError) {
  const Example e = Make(8'000, 40);  // 200 frauds
  const DataChecks checks = CheckTrainingData(e.matrix(), e.names, e.fraud());
  EXPECT_FALSE(checks.ok());
  EXPECT_EQ(FormatMessage(checks.messages[0]),
            "ERROR: Too few fraud events: 200 labelled fraud events; a model needs at least 400 "
            "of each class");
  EXPECT_EQ(checks.messages[1].title, "Small data set");  // errors first, then warnings
  EXPECT_NE(checks.messages[1].content.find("8,000 events"), std::string::npos);
  DataCheckOptions relaxed;
  relaxed.min_events_per_class = 100;
  relaxed.recommended_rows = 1000;
  EXPECT_TRUE(CheckTrainingData(e.matrix(), e.names, e.fraud(), relaxed).ok());
}

TEST(DataChecks, NothingLeftToLearnFromIsAnError) {
  Example e = Make(20'000, 20);
  e.names = {"currency", "device"};
  e.values.clear();
  for (size_t r = 0; r < e.rows; ++r) e.values.insert(e.values.end(), {1.0f, NAN});
  const DataChecks checks = CheckTrainingData(e.matrix(), e.names, e.fraud());
  EXPECT_FALSE(checks.ok());
  EXPECT_EQ(checks.messages.front().title, "No usable variable");
}

}  // namespace
}  // namespace vigil::ml
