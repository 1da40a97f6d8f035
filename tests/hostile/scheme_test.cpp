// SPDX-License-Identifier: Apache-2.0
// merit - hostile schemes: bad bytes, impossible literals, deep nesting, size limits
#include <gtest/gtest.h>

#include <string>

#include "common/limits.hpp"
#include "merit/program.hpp"

namespace {

const std::string head = "scheme \"h\"\ninput {\n  id: text key\n  x: decimal\n}\n";

// The first error diagnostic, or an empty one.
merit::diagnostic first_error(const merit::compile_result& r) {
  for (const auto& d : r.diagnostics) {
    if (d.severity == merit::severity::error) return d;
  }
  return {};
}

TEST(HostileScheme, InvalidUtf8IsAnErrorAtTheByte) {
  // A lone continuation byte inside a comment on line 6.
  const auto r = merit::compile(head + "# bad \x80 byte\nscore = x\n");
  ASSERT_FALSE(r.ok());
  const auto d = first_error(r);
  EXPECT_EQ(d.where.begin, head.size() + 6);  // "# bad " is 6 bytes
  EXPECT_EQ(d.loc.line, 6u);
}

TEST(HostileScheme, TruncatedUtf8AtTheEndIsAnError) {
  const auto r = merit::compile(head + "let 名 = x\n\xE5\x90");  // first two bytes of a three-byte character
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).loc.line, 7u);
}

TEST(HostileScheme, NulByteIsAnError) {
  const auto r = merit::compile(head + std::string("score = x\0\n", 11));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).where.begin, head.size() + 9);  // "score = x" is 9 bytes
}

TEST(HostileScheme, ExponentLiteralIsAnError) {
  // LANGUAGE.md section 1: no exponent; `1e400` must not become a number.
  EXPECT_FALSE(merit::compile(head + "score = 1e400\n").ok());
}

TEST(HostileScheme, FortyDigitDecimalLiteralIsAnError) {
  // 40 significant digits, above the 34 of section 1.
  EXPECT_FALSE(merit::compile(head + "score = 1234567890123456789012345678901234567890.5\n").ok());
  EXPECT_FALSE(merit::compile(head + "score = 0.1234567890123456789012345678901234567890\n").ok());
  // 34 digits are fine; leading zeros do not count (section 11).
  EXPECT_TRUE(merit::compile(head + "score = 0.0001234567890123456789012345678901234\n").ok());
}

TEST(HostileScheme, IntegerLiteralAboveInt64IsAnError) {
  EXPECT_TRUE(merit::compile(head + "score = 9223372036854775807\n").ok());
  EXPECT_FALSE(merit::compile(head + "score = 9223372036854775808\n").ok());
}

TEST(HostileScheme, ImpossibleDateLiteralIsAnError) {
  EXPECT_FALSE(merit::compile(head + "let d = 2023-02-30\n").ok());
  EXPECT_FALSE(merit::compile(head + "let d = 2023-1-5\n").ok());
  EXPECT_TRUE(merit::compile(head + "let d = 2024-02-29\n").ok());
  EXPECT_FALSE(merit::compile(head + "let d = 2023-02-29\n").ok());
}

TEST(HostileScheme, ByteOrderMarkIsSkipped) {
  EXPECT_TRUE(merit::compile("\xEF\xBB\xBF" + head + "score = x\n").ok());
  // A second one is not a BOM but a character where none may stand.
  EXPECT_FALSE(merit::compile("\xEF\xBB\xBF\xEF\xBB\xBF" + head + "score = x\n").ok());
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// 100,000 levels of each nesting construct: an error (the parser's 200-level
// limit), never a stack overflow.
TEST(HostileScheme, HundredThousandParenthesesIsAnError) {
  const auto r = merit::compile(head + "score = " + repeat("(", 100000) + "x" + repeat(")", 100000) + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
}

TEST(HostileScheme, HundredThousandIfsIsAnError) {
  // 2 MB of `if`s: refused by the 1 MiB source limit before parsing.
  auto r = merit::compile(head + "score = " + repeat("if true then 1 else ", 100000) + "x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-large");
  // 50,000 of them fit in 1 MiB (17 bytes each): refused by the nesting limit.
  r = merit::compile(head + "score = " + repeat("if b then 1 else ", 50000) + "x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
}

TEST(HostileScheme, HundredThousandNotsAndMinusesAreErrors) {
  auto r = merit::compile(head + "require " + repeat("not ", 100000) + "true\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
  r = merit::compile(head + "score = " + repeat("- ", 100000) + "x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
}

TEST(HostileScheme, DeeplyNestedCallsAndMatchesAreErrors) {
  auto r = merit::compile(head + "score = " + repeat("abs(", 100000) + "x" + repeat(")", 100000) + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
  // 20,000 nested matches (about 560 KB).
  r = merit::compile(head + "score = " + repeat("match 1 { 1 => ", 20000) + "x" + repeat(", else => 0 }", 20000) + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-deep");
}

TEST(HostileScheme, NestingJustBelowTheLimitCompiles) {
  // 150 parentheses inside `score = ...`: within the 200 levels.
  EXPECT_TRUE(merit::compile(head + "score = " + repeat("(", 150) + "x" + repeat(")", 150) + "\n").ok());
}

TEST(HostileScheme, LongFlatChainsAreBounded) {
  // 1,000 additions are flat (not nested) and compile, also in a sanitizer
  // build; past 1,000 operators in one declaration the parser stops with an
  // error.
  EXPECT_TRUE(merit::compile(head + "score = x" + repeat(" + 1", 1000) + "\n").ok());
  const auto r = merit::compile(head + "score = x" + repeat(" + 1", 20000) + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(first_error(r).message.find("more than 1000 operators"), std::string::npos);
  EXPECT_FALSE(merit::compile(head + "require true" + repeat(" and true", 20000) + "\n").ok());
}

TEST(HostileScheme, SourceAboveOneMebibyteIsAnError) {
  std::string text = head + "score = x\n";
  text += "#" + std::string(merit::detail::max_source_bytes - text.size(), 'c');  // one byte too many
  ASSERT_EQ(text.size(), merit::detail::max_source_bytes + 1);
  const auto r = merit::compile(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-large");
  text.pop_back();  // exactly the limit: accepted
  EXPECT_TRUE(merit::compile(text).ok());
}

TEST(HostileScheme, TooManyDeclarationsIsAnError) {
  // 2 input fields + 10,000 lets = 10,002 > 10,000.
  std::string text = head + "score = x\n";
  for (int i = 0; i < 10000; ++i) text += "let l" + std::to_string(i) + " = 1\n";
  const auto r = merit::compile(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_error(r).code, "too-many-declarations");
  // The scheme, input (2 fields), score and 9,990 lets: 9,994 declarations.
  std::string ok = head + "score = x\n";
  for (int i = 0; i < 9990; ++i) ok += "let l" + std::to_string(i) + " = 1\n";
  EXPECT_TRUE(merit::compile(ok).ok());
}

}  // namespace
