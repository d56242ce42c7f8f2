#include "ml/variable_encoder.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vigil::ml {
namespace {

constexpr int64_t kDay = 86'400'000'000;

std::vector<float> Encoded(const VariableEncoder& e, const Value& v, int64_t at = 0) {
  std::vector<float> out(e.width());
  e.Encode(v, at, out);
  return out;
}

TEST(VariableEncoder, ChoosesByDataTypeAndVariableType) {
  EXPECT_EQ(ChooseEncoding(DataType::kFloat, "PRICE"), EncodingKind::kNumber);
  EXPECT_EQ(ChooseEncoding(DataType::kInteger, ""), EncodingKind::kNumber);
  EXPECT_EQ(ChooseEncoding(DataType::kBoolean, ""), EncodingKind::kBoolean);
  EXPECT_EQ(ChooseEncoding(DataType::kDateTime, ""), EncodingKind::kAge);
  EXPECT_EQ(ChooseEncoding(DataType::kString, "IP_ADDRESS"), EncodingKind::kIpAddress);
  EXPECT_EQ(ChooseEncoding(DataType::kString, "EMAIL_ADDRESS"), EncodingKind::kEmailAddress);
  EXPECT_EQ(ChooseEncoding(DataType::kString, "CATEGORICAL"), EncodingKind::kCategory);
  EXPECT_EQ(ChooseEncoding(DataType::kString, ""), EncodingKind::kCategory);
}

TEST(VariableEncoder, NumbersBooleansAndAges) {
  const auto number = VariableEncoder::Fit("amount", EncodingKind::kNumber, {}, {});
  EXPECT_EQ(number.feature_names(), (std::vector<std::string>{"amount"}));
  EXPECT_EQ(Encoded(number, Value::Float(12.5)), (std::vector<float>{12.5f}));
  EXPECT_TRUE(std::isnan(Encoded(number, Value::Null())[0]));
  const auto flag = VariableEncoder::Fit("night", EncodingKind::kBoolean, {}, {});
  EXPECT_EQ(Encoded(flag, Value::Boolean(true)), (std::vector<float>{1}));
  EXPECT_EQ(Encoded(flag, Value::Boolean(false)), (std::vector<float>{0}));
  const auto age = VariableEncoder::Fit("signup", EncodingKind::kAge, {}, {});
  EXPECT_EQ(age.feature_names(), (std::vector<std::string>{"signup:age_days"}));
  EXPECT_EQ(Encoded(age, Value::Time(DateTime{10 * kDay}), 40 * kDay + kDay / 2),
            (std::vector<float>{30.5f}));
}

TEST(VariableEncoder, AddressesAreEncodedByNetworkAndEmailsByDomain) {
  std::vector<Value> ips, emails;
  std::vector<char> fraud;
  for (int i = 0; i < 400; ++i) {
    const bool bad = i % 2 == 0;
    // Frauds come from 203.0.113.x; legitimate events from 198.51.100.x.
    ips.push_back(Value::String(bad ? "203.0.113." + std::to_string(i % 250)
                                    : "198.51.100." + std::to_string(i % 250)));
    emails.push_back(
        Value::String(bad ? "user" + std::to_string(i) + "@Fraud.example" : "ann@bank.example"));
    fraud.push_back(bad);
  }
  const std::span<const bool> labels(reinterpret_cast<const bool*>(fraud.data()), fraud.size());
  const auto ip = VariableEncoder::Fit("ip_address", EncodingKind::kIpAddress, ips, labels);
  EXPECT_EQ(ip.feature_names(), (std::vector<std::string>{"ip_address:prefix24_fraud_rate",
                                                          "ip_address:prefix16_fraud_rate"}));
  const auto bad_network = Encoded(ip, Value::String("203.0.113.251"));  // unseen host
  const auto good_network = Encoded(ip, Value::String("198.51.100.7"));
  EXPECT_GT(bad_network[0], 0.9f);
  EXPECT_LT(good_network[0], 0.1f);
  EXPECT_GT(bad_network[1], 0.9f);
  const auto unseen = Encoded(ip, Value::String("2001:db8::1"));
  EXPECT_FLOAT_EQ(unseen[0], 0.5f);  // the overall rate
  const auto not_an_address = Encoded(ip, Value::String("not an ip"));
  EXPECT_TRUE(std::isnan(not_an_address[0]) && std::isnan(not_an_address[1]));

  const auto email = VariableEncoder::Fit("email", EncodingKind::kEmailAddress, emails, labels);
  const auto fraudster = Encoded(email, Value::String("someone42@fraud.EXAMPLE"));
  EXPECT_GT(fraudster[0], 0.9f);  // domains compare in lower case
  EXPECT_EQ(fraudster[1], 9.0f);  // "someone42"
  EXPECT_EQ(fraudster[2], 2.0f);
  EXPECT_TRUE(std::isnan(Encoded(email, Value::String("no-at-sign"))[0]));
}

TEST(VariableEncoder, TrainingRowsAreEncodedOutOfFoldAndJsonRoundTrips) {
  std::vector<Value> values;
  std::vector<char> fraud;
  for (int i = 0; i < 1000; ++i) {
    values.push_back(Value::String("m" + std::to_string(i % 7)));
    fraud.push_back(i % 7 == 0 && i % 3 == 0);
  }
  const std::span<const bool> labels(reinterpret_cast<const bool*>(fraud.data()), fraud.size());
  const auto e = VariableEncoder::Fit("merchant", EncodingKind::kCategory, values, labels);
  std::vector<float> training(1), serving(1);
  e.EncodeTrainingRow(0, values[0], 0, training);
  e.Encode(values[0], 0, serving);
  EXPECT_NE(training[0], serving[0]);
  EXPECT_NEAR(training[0], serving[0], 0.05);
  auto back = VariableEncoder::FromJson(e.ToJson());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->feature_names(), e.feature_names());
  for (int i = 0; i < 8; ++i) {
    const Value v = Value::String("m" + std::to_string(i));
    EXPECT_EQ(Encoded(*back, v), Encoded(e, v));
  }
  auto bad = VariableEncoder::FromJson(boost::json::object{
      {"variable", "x"}, {"encoding", "zip_code"}, {"target_encodings", boost::json::array{}}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("unknown encoding 'zip_code'"), std::string::npos);
}

}  // namespace
}  // namespace vigil::ml
