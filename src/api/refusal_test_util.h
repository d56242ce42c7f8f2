// Test helper for request decoders: each body in a table must be refused with InvalidArgument
// naming its field.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

#include "core/result.h"

namespace vigil::api::testing {

struct Refusal {
  const char* body;
  const char* field;  // the field the error must name
};

// `decode` takes the body text and returns a Result.
template <typename Decode>
void ExpectRefusals(Decode decode, std::initializer_list<Refusal> cases) {
  for (const Refusal& c : cases) {
    auto decoded = decode(std::string_view(c.body));
    ASSERT_FALSE(decoded) << c.body;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument) << c.body;
    EXPECT_EQ(decoded.error().field, c.field) << c.body << ": " << decoded.error().message;
  }
}

}  // namespace vigil::api::testing
