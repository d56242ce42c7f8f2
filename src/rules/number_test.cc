#include "rules/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vigil::rules {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Number I(int64_t v) { return Number::Integer(v); }
Number F(double v) { return Number::Float(v); }

TEST(RulesNumber, ExactComparisonAcrossIntegerAndFloat) {
  EXPECT_EQ(Compare(I(900), F(900.0)), 0);
  EXPECT_LT(Compare(I(900), F(900.5)), 0);
  EXPECT_GT(Compare(I(901), F(900.5)), 0);
  EXPECT_GT(Compare(I(-900), F(-900.5)), 0);
  EXPECT_LT(Compare(I(-901), F(-900.5)), 0);
  // 2^53 + 1 is not representable as a double; the comparison is still exact.
  EXPECT_GT(Compare(I(9007199254740993), F(9007199254740992.0)), 0);
  EXPECT_LT(Compare(F(9007199254740992.0), I(9007199254740993)), 0);
  // Beyond the int64 range and at its edges.
  EXPECT_LT(Compare(I(kMax), F(9223372036854775808.0)), 0);
  EXPECT_EQ(Compare(I(kMin), F(-9223372036854775808.0)), 0);
  EXPECT_GT(Compare(I(kMin), F(-1e19)), 0);
  EXPECT_LT(Compare(I(kMax), F(std::numeric_limits<double>::infinity())), 0);
  EXPECT_GT(Compare(I(kMin), F(-std::numeric_limits<double>::infinity())), 0);
  EXPECT_EQ(Compare(F(0.0), F(-0.0)), 0);
  EXPECT_EQ(Compare(I(0), F(-0.0)), 0);
}

TEST(RulesNumber, IntegerOverflowBecomesFloat) {
  EXPECT_EQ(Add(I(1), I(2)).integer, 3);
  const Number sum = Add(I(kMax), I(1));
  EXPECT_EQ(sum.kind, Number::Kind::kFloat);
  EXPECT_EQ(sum.floating, 9223372036854775808.0);
  EXPECT_EQ(Subtract(I(kMin), I(1)).kind, Number::Kind::kFloat);
  EXPECT_EQ(Multiply(I(kMax), I(2)).kind, Number::Kind::kFloat);
  EXPECT_EQ(Negate(I(kMin)).kind, Number::Kind::kFloat);
  EXPECT_EQ(Negate(I(kMin)).floating, 9223372036854775808.0);
  EXPECT_EQ(Negate(I(5)).integer, -5);
}

TEST(RulesNumber, DivisionAndModulo) {
  EXPECT_EQ(Divide(I(7), I(2)).floating, 3.5);
  EXPECT_EQ(Divide(I(6), I(2)).kind, Number::Kind::kFloat);
  EXPECT_TRUE(Divide(I(1), I(0)).is_null());
  EXPECT_TRUE(Divide(F(1), F(-0.0)).is_null());
  EXPECT_TRUE(Modulo(I(1), I(0)).is_null());
  EXPECT_TRUE(Modulo(F(1), F(0)).is_null());
  EXPECT_EQ(Modulo(I(-7), I(3)).integer, -1);
  EXPECT_EQ(Modulo(I(kMin), I(-1)).integer, 0);  // would trap in C++
  EXPECT_EQ(Modulo(F(7.5), I(2)).floating, 1.5);
  EXPECT_EQ(Divide(I(kMin), I(-1)).floating, 9223372036854775808.0);
}

TEST(RulesNumber, NullAndNaN) {
  EXPECT_TRUE(Add(Number::Null(), I(1)).is_null());
  EXPECT_TRUE(Multiply(I(1), Number::Null()).is_null());
  EXPECT_TRUE(Negate(Number::Null()).is_null());
  EXPECT_TRUE(F(std::nan("")).is_null());
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(Subtract(F(inf), F(inf)).is_null());
  EXPECT_EQ(Multiply(F(1e308), F(10)).floating, inf);
  EXPECT_TRUE(Number::FromValue(Value::String("1")).is_null());
  EXPECT_TRUE(Number::FromValue(Value::Float(std::nan(""))).is_null());
}

TEST(RulesNumber, TextForListMembership) {
  NumberTextBuffer buffer;
  EXPECT_EQ(FormatNumber(I(90210), buffer), "90210");
  EXPECT_EQ(FormatNumber(I(kMin), buffer), "-9223372036854775808");
  EXPECT_EQ(FormatNumber(F(900), buffer), "900");
  EXPECT_EQ(FormatNumber(F(12.5), buffer), "12.5");
  EXPECT_EQ(FormatNumber(F(0.1), buffer), "0.1");
  EXPECT_EQ(FormatNumber(F(-1.7976931348623157e308), buffer), "-1.7976931348623157e+308");
}

}  // namespace
}  // namespace vigil::rules
