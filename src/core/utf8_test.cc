#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

TEST(Utf8, AcceptsEveryLengthOfSequence) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII\n\t"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8(std::string("nul \0 inside", 12)), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("Z\xc3\xbcrich"), std::nullopt);              // U+00FC
  EXPECT_EQ(FindInvalidUtf8("\xe2\x9c\x93 \xef\xbf\xbf"), std::nullopt);  // U+2713, U+FFFF
  EXPECT_EQ(FindInvalidUtf8("\xed\x9f\xbf"), std::nullopt);      // U+D7FF, below surrogates
  EXPECT_EQ(FindInvalidUtf8("\xf0\x9f\x98\x80"), std::nullopt);  // U+1F600
  EXPECT_EQ(FindInvalidUtf8("\xf4\x8f\xbf\xbf"), std::nullopt);  // U+10FFFF, the last
}

TEST(Utf8, NamesTheFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);  // never valid
  EXPECT_EQ(FindInvalidUtf8("a\x80"), 1u);   // a continuation without a lead
  EXPECT_EQ(FindInvalidUtf8("\xc3"), 0u);    // cut short at the end
  EXPECT_EQ(FindInvalidUtf8("\xe2\x9c"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xc3x"), 0u);  // a lead followed by ASCII
  EXPECT_EQ(FindInvalidUtf8("ok \xe2\x9c\x93 \xe2x\x93"), 7u);
}

TEST(Utf8, RefusesOverlongFormsSurrogatesAndBeyondUnicode) {
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);  // '/' in two bytes
  EXPECT_EQ(FindInvalidUtf8("\xc1\xbf"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xe0\x80\xaf"), 0u);      // '/' in three bytes
  EXPECT_EQ(FindInvalidUtf8("\xf0\x80\x80\xaf"), 0u);  // '/' in four bytes
  EXPECT_EQ(FindInvalidUtf8("\xed\xa0\x80"), 0u);      // U+D800, a surrogate
  EXPECT_EQ(FindInvalidUtf8("\xed\xbf\xbf"), 0u);      // U+DFFF
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(FindInvalidUtf8("\xf5\x80\x80\x80"), 0u);
}

}  // namespace
}  // namespace vigil
