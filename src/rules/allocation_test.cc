// Evaluate() on the hot path must not touch the heap. This binary replaces the global operator
// new to count allocations made while counting is switched on by the current thread.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "rules/rules.h"

namespace {
thread_local bool counting = false;
thread_local int allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace vigil::rules {
namespace {

TEST(RulesAllocation, HotPathEvaluationAllocatesNothing) {
  Environment env;
  env.AddVariable("amount", DataType::kInteger);
  env.AddVariable("score", DataType::kFloat);
  env.AddVariable("email", DataType::kString);
  env.AddVariable("ip", DataType::kString);
  env.AddVariable("signup", DataType::kDateTime);
  env.AddVariable("vip", DataType::kBoolean);
  env.AddVariable("missing", DataType::kFloat);
  env.AddList("blocked_ips");
  env.AddList("zips");
  const std::vector<Value> values = {
      Value::Integer(1000),
      Value::Float(950.5),
      Value::String("Someone.With.A.Rather.Long.Address@Example-Mail-Provider.com"),
      Value::String("123.45.67.89"),
      Value::Time(DateTime{1751328000000000}),
      Value::Boolean(false),
      Value::Null()};
  const ListValues blocked({"123.45.67.89"});
  const ListValues zips({"1000"});
  const std::vector<const ListValues*> lists = {&blocked, &zips};
  const EvalContext context{values, lists, 1752580800000000};

  const char* rules[] = {
      "$amount > 500 and $score >= 900 and $ip in @blocked_ips",
      "$amount * 2 + 1 > $score / 3 or $amount % 7 == 0",
      "$ip not in @blocked_ips or $email == \"x\" or not $vip",
      "regex_match(\".*@example-mail-provider\\.com\", lowercase($email))",
      "uppercase($ip) in [\"A\", \"123.45.67.89\"] and $amount in [1, 1000, 5.5]",
      "$amount in @zips",
      "isbefore($signup, getcurrentdatetime()) and $signup > \"2020-01-01\"",
      "getepochmilliseconds(getcurrentdatetime()) - getepochmilliseconds($signup) > 1000",
      "$missing == null and not ($missing > 5) and $email != null",
      "$email > $ip and lowercase($email) != uppercase($email)",
  };
  for (const char* rule : rules) {
    auto program = Compile(rule, env);
    ASSERT_TRUE(program) << rule << ": " << program.error().message;
    (*program)->Evaluate(context);  // warm-up: RE2 builds its DFA lazily
    allocations = 0;
    counting = true;
    for (int i = 0; i < 100; ++i) (*program)->Evaluate(context);
    counting = false;
    EXPECT_EQ(allocations, 0) << rule;
  }
}

}  // namespace
}  // namespace vigil::rules
