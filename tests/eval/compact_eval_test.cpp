// SPDX-License-Identifier: Apache-2.0
// merit - evaluation over compact decimal columns and over columns of decimals
//
// The same values evaluated twice: once in a compact column (every value
// fits int64 at scale 2) and once with one more row whose 24 digits make the
// column a column of decimals. Ranks, sums, maxima and the values read are
// worked out by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval_support.hpp"

namespace {

using merit::test::compile_ok;
using merit::test::lenient;
using merit::test::make_roster;

constexpr const char* scheme = R"(scheme "compact"
input {
  id: text key
  x: decimal
}
let rd = rank_desc(x)
let ra = rank_asc(x)
let lx = x
let s = sum(x)
let hi = max(x)
require "not too low": x > -100
score = x
)";

std::vector<std::string> let_texts(const merit::result& r, std::size_t let) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) out.push_back(r.candidates[i].values.at(let).to_string());
  return out;
}

using texts = std::vector<std::string>;

TEST(CompactEvalTest, CompactColumn) {
  const auto p = compile_ok(scheme);
  const auto roster = make_roster(p, {{"a", "1.5"}, {"b", "2.25"}, {"c", "3"}, {"d", "2.25"}, {"e", "-0.50"}});
  ASSERT_EQ(roster.column(1).decimal_scale, 2);
  const auto r = merit::evaluate(p, roster, lenient(true));
  ASSERT_EQ(r.errors, 0u);
  // rank_desc: 1 + values strictly greater; rank_asc: 1 + strictly smaller.
  EXPECT_EQ(let_texts(r, 0), (texts{"4", "2", "1", "2", "5"}));
  EXPECT_EQ(let_texts(r, 1), (texts{"2", "3", "5", "3", "1"}));
  EXPECT_EQ(let_texts(r, 2), (texts{"1.5", "2.25", "3", "2.25", "-0.5"}));
  EXPECT_EQ(let_texts(r, 3), (texts(5, "8.5")));  // 1.5 + 2.25 + 3 + 2.25 - 0.5
  EXPECT_EQ(let_texts(r, 4), (texts(5, "3")));
  EXPECT_EQ(r.candidates[4].score.to_string(), "-0.5");
  const std::string text = merit::explain(p, roster, r, "b", lenient());
  EXPECT_NE(text.find("x = 2.25"), std::string::npos) << text;
}

TEST(CompactEvalTest, ColumnOfDecimals) {
  const auto p = compile_ok(scheme);
  const auto roster = make_roster(
      p, {{"a", "1.5"}, {"b", "2.25"}, {"c", "3"}, {"d", "2.25"}, {"e", "-0.50"}, {"f", "12345678901234567890123.5"}});
  ASSERT_EQ(roster.column(1).decimal_scale, -1);
  const auto r = merit::evaluate(p, roster, lenient(true));
  ASSERT_EQ(r.errors, 0u);
  EXPECT_EQ(let_texts(r, 0), (texts{"5", "3", "2", "3", "6", "1"}));
  EXPECT_EQ(let_texts(r, 1), (texts{"2", "3", "5", "3", "1", "6"}));
  EXPECT_EQ(let_texts(r, 2), (texts{"1.5", "2.25", "3", "2.25", "-0.5", "12345678901234567890123.5"}));
  // 8.5 + 12345678901234567890123.5
  EXPECT_EQ(let_texts(r, 3), (texts(6, "12345678901234567890132")));
  EXPECT_EQ(let_texts(r, 4), (texts(6, "12345678901234567890123.5")));
  const std::string text = merit::explain(p, roster, r, "b", lenient());
  EXPECT_NE(text.find("x = 2.25"), std::string::npos) << text;
}

}  // namespace
