#include "core/value.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(CoerceText, IntegersAcceptIntegralFloatsOnly) {
  EXPECT_EQ(*CoerceText("1000", DataType::kInteger), Value::Integer(1000));
  EXPECT_EQ(*CoerceText("-7", DataType::kInteger), Value::Integer(-7));
  EXPECT_EQ(*CoerceText("12.0", DataType::kInteger), Value::Integer(12));
  auto bad = CoerceText("12.5", DataType::kInteger);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "expected an INTEGER, got \"12.5\"");
  EXPECT_FALSE(CoerceText("", DataType::kInteger));
  EXPECT_FALSE(CoerceText("12a", DataType::kInteger));
}

TEST(CoerceText, FloatsBooleansDatetimes) {
  EXPECT_EQ(*CoerceText("12.5", DataType::kFloat), Value::Float(12.5));
  EXPECT_FALSE(CoerceText("nan", DataType::kFloat));
  EXPECT_EQ(*CoerceText("TRUE", DataType::kBoolean), Value::Boolean(true));
  EXPECT_EQ(*CoerceText("false", DataType::kBoolean), Value::Boolean(false));
  EXPECT_FALSE(CoerceText("yes", DataType::kBoolean));
  EXPECT_EQ(*CoerceText("1970-01-01T00:00:01Z", DataType::kDateTime),
            Value::Time(DateTime{1'000'000}));
}

TEST(Coerce, FromJsonScalars) {
  EXPECT_EQ(*Coerce(Value::Integer(1000), DataType::kFloat), Value::Float(1000));
  EXPECT_EQ(*Coerce(Value::Float(3.0), DataType::kInteger), Value::Integer(3));
  EXPECT_FALSE(Coerce(Value::Float(3.5), DataType::kInteger));
  EXPECT_EQ(*Coerce(Value::Integer(42), DataType::kString), Value::String("42"));
  EXPECT_EQ(*Coerce(Value::Boolean(true), DataType::kString), Value::String("true"));
  EXPECT_FALSE(Coerce(Value::Integer(1), DataType::kBoolean));
  EXPECT_TRUE(Coerce(Value::Null(), DataType::kInteger)->is_null());
}

TEST(Value, LiteralsReadLikeRuleText) {
  EXPECT_EQ(Value::Null().ToLiteral(), "null");
  EXPECT_EQ(Value::Integer(900).ToLiteral(), "900");
  EXPECT_EQ(Value::Float(900).ToLiteral(), "900.0");
  EXPECT_EQ(Value::Float(12.25).ToLiteral(), "12.25");
  EXPECT_EQ(Value::String("a\"b").ToLiteral(), "\"a\\\"b\"");
  EXPECT_EQ(Value::Boolean(false).ToLiteral(), "false");
}

}  // namespace
}  // namespace vigil
