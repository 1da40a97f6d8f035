// SPDX-License-Identifier: Apache-2.0
// merit - decimal code on scaled int64 registers, and its fallback to decimals
//
// Over a compact column (every value fits int64 at two places) the
// evaluator runs decimal code on int64 registers (eval/vm.hpp, scale_plan).
// These tests check the answers where that is easy to get wrong: values at
// the edge of int64 (the row runs again on decimals), registers merged from
// branches with different places, the operations done on decimals, a slot
// whose value leaves int64 at its scale. Every expected value is worked out
// by hand (or, for the large roster, by integer arithmetic in the test).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "eval/plan.hpp"
#include "eval/vm.hpp"
#include "eval_support.hpp"
#include "merit/result.hpp"

namespace {

using merit::test::compile_ok;
using merit::test::lenient;
using merit::test::make_roster;
using texts = std::vector<std::string>;

constexpr const char* scheme = R"(scheme "scaled"
input {
  id: text key
  k: int
  x: decimal
}
param p: decimal = 0.25
let tenfold = x * 10
let nudged = x + 0.001
let above = x > 92233720368547758.069
let m = match k { 1 => 1, 2 => 0.8, else => 0.125 }
let pick = if k > 1 then x else 0.5
let r = round_half_up(x * 0.2, 1)
let lo = least(x, 1.25)
let hi = greatest(x, 1.25)
let ab = abs(0 - x)
let cl = clamp(x, 0, 50.5)
let inl = x in [1.5, 2.25]
let big = x * 100
let q = x / 4
let total = sum(x * 10)
let top = max(x * 10)
let place = rank_desc(x * 10)
score = big + p
)";

// 92233720368547758.07 is INT64_MAX at two places.
const std::vector<std::vector<std::string>> rows = {{"a", "1", "92233720368547758.07"},
                                                    {"b", "2", "1.5"},
                                                    {"c", "3", "2.25"},
                                                    {"d", "2", "-0.5"},
                                                    {"e", "1", "100.04"}};

texts let_texts(const merit::result& r, std::size_t let) {
  texts out;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) out.push_back(r.candidates[i].values.at(let).to_string());
  return out;
}

TEST(ScaledEvalTest, EdgesOfInt64AndMergedBranches) {
  const auto p = compile_ok(scheme);
  const auto roster = make_roster(p, rows);
  ASSERT_EQ(roster.column(2).decimal_scale, 2);
  const auto r = merit::evaluate(p, roster, lenient(true));
  ASSERT_EQ(r.errors, 0u);
  // x * 10: row a's coefficient leaves int64, so it runs on decimals.
  EXPECT_EQ(let_texts(r, 0), (texts{"922337203685477580.7", "15", "22.5", "-5", "1000.4"}));
  // x + 0.001: x at three places leaves int64 for row a.
  EXPECT_EQ(let_texts(r, 1), (texts{"92233720368547758.071", "1.501", "2.251", "-0.499", "100.041"}));
  // A comparison at different places (…758.070 > …758.069).
  EXPECT_EQ(let_texts(r, 2), (texts{"true", "false", "false", "false", "false"}));
  // Branches at 0, 1 and 3 places merged into one register.
  EXPECT_EQ(let_texts(r, 3), (texts{"1", "0.8", "0.125", "0.8", "1"}));
  EXPECT_EQ(let_texts(r, 4), (texts{"0.5", "1.5", "2.25", "-0.5", "0.5"}));
  // x * 0.2 = 18446744073709551.614 for row a (on decimals), 0.3, 0.45,
  // -0.1, 20.008; rounded half up to one place.
  EXPECT_EQ(let_texts(r, 5), (texts{"18446744073709551.6", "0.3", "0.5", "-0.1", "20"}));
  EXPECT_EQ(let_texts(r, 6), (texts{"1.25", "1.25", "1.25", "-0.5", "1.25"}));
  EXPECT_EQ(let_texts(r, 7), (texts{"92233720368547758.07", "1.5", "2.25", "1.25", "100.04"}));
  EXPECT_EQ(let_texts(r, 8), (texts{"92233720368547758.07", "1.5", "2.25", "0.5", "100.04"}));
  EXPECT_EQ(let_texts(r, 9), (texts{"50.5", "1.5", "2.25", "0", "50.5"}));
  EXPECT_EQ(let_texts(r, 10), (texts{"false", "true", "true", "false", "false"}));
  // x * 100: row a's 9223372036854775807 does not fit int64 at two places,
  // so the slot is held as decimals; the score reads it from there.
  EXPECT_EQ(let_texts(r, 11), (texts{"9223372036854775807", "150", "225", "-50", "10004"}));
  // A division runs on decimals: 9223372036854775807 / 4 = 2305843009213693951.75.
  EXPECT_EQ(let_texts(r, 12), (texts{"23058430092136939.5175", "0.375", "0.5625", "-0.125", "25.01"}));
  // Aggregates over x * 10, whose values (above) leave int64 for row a:
  // 922337203685477580.7 + 15 + 22.5 - 5 + 1000.4.
  EXPECT_EQ(let_texts(r, 13), (texts(5, "922337203685478613.6")));
  EXPECT_EQ(let_texts(r, 14), (texts(5, "922337203685477580.7")));
  EXPECT_EQ(let_texts(r, 15), (texts{"1", "4", "3", "5", "2"}));
  texts scores;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) scores.push_back(r.candidates[i].score.to_string());
  EXPECT_EQ(scores, (texts{"9223372036854775807.25", "150.25", "225.25", "-49.75", "10004.25"}));
}

// A row that fails (a missing optional field) and whose later operations
// leave int64 as well stays a failure with the missing value's message,
// while the rows that only left int64 run again on decimals. Worked out by
// hand: 5000000000 * 5000000000 = 25000000000000000000 (above INT64_MAX).
TEST(ScaledEvalTest, AFailedRowThatAlsoOverflowsStaysFailed) {
  const auto p = compile_ok(R"(scheme "fail then overflow"
input {
  id: text key
  opt: decimal optional
  big: decimal
}
score = opt + big * big
)");
  const auto roster = make_roster(p, {{"a", "1", "5000000000"}, {"b", "", "5000000000"}, {"c", "0.5", "3"}});
  const auto r = merit::evaluate(p, roster, lenient());
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[0].status, merit::status::eligible);
  EXPECT_EQ(r.candidates[0].score.to_string(), "25000000000000000001");
  EXPECT_EQ(r.candidates[1].status, merit::status::error);
  ASSERT_EQ(r.candidates[1].reasons.size(), 1u);
  EXPECT_NE(r.candidates[1].reasons[0].find("field 'opt': missing value"), std::string::npos)
      << r.candidates[1].reasons[0];
  EXPECT_EQ(r.candidates[2].score.to_string(), "9.5");
}

// The scale each register gets, and the codes that cannot have one.
TEST(ScaledEvalTest, ScalePlan) {
  const auto p = compile_ok(scheme);
  const merit::detail::plan& pl = p.plan();
  auto plan_of = [&](const merit::roster& roster, std::size_t let, std::vector<std::int8_t>& xs) {
    merit::detail::param_values params;
    params.d.assign(1, merit::decimal::parse("0.25"));
    params.i.assign(1, 0);
    params.t.assign(1, std::string());
    std::vector<merit::detail::slot_column> slots(pl.slots.size());
    merit::detail::context ctx{.p = &pl, .rows = &roster, .params = &params, .slots = &slots};
    return merit::detail::scale_plan(pl.slot_code[let], ctx, xs);
  };
  std::vector<std::int8_t> xs;
  const auto compact = make_roster(p, rows);
  ASSERT_TRUE(plan_of(compact, 0, xs));  // x * 10: 2 + 0 places
  EXPECT_EQ(xs[pl.slot_code[0].result], 2);
  ASSERT_TRUE(plan_of(compact, 1, xs));  // x + 0.001: the larger, 3
  EXPECT_EQ(xs[pl.slot_code[1].result], 3);
  ASSERT_TRUE(plan_of(compact, 3, xs));  // match arms at 0, 1, 3 places
  EXPECT_EQ(xs[pl.slot_code[3].result], 3);
  ASSERT_TRUE(plan_of(compact, 5, xs));  // round to 1 place of x * 0.2 (3 places)
  EXPECT_EQ(xs[pl.slot_code[5].result], 1);
  EXPECT_FALSE(plan_of(compact, 12, xs));  // x / 4
  // A column of decimals (a value with 24 digits) has no scale.
  auto wide_rows = rows;
  wide_rows.push_back({"f", "1", "123456789012345678901.234"});
  const auto wide = make_roster(p, wide_rows);
  ASSERT_EQ(wide.column(2).decimal_scale, -1);
  EXPECT_FALSE(plan_of(wide, 0, xs));
  EXPECT_TRUE(plan_of(wide, 3, xs));  // the match reads k only
}

// Many batches, threads, and a row at the edge of int64 in the middle: each
// value checked against integer arithmetic in ten-thousandths.
TEST(ScaledEvalTest, ManyRowsAgainstIntegers) {
  const auto p = compile_ok(R"(scheme "many"
input {
  id: int key
  k: int
  x: decimal
}
let w = x * 0.2 + match k { 1 => 1, 2 => 0.8, else => 0 }
score = w - x
)");
  const std::size_t n = 5000, edge = 2500;
  std::vector<std::vector<std::string>> in;
  std::vector<std::int64_t> x100(n);
  for (std::size_t i = 0; i < n; ++i) {
    x100[i] = static_cast<std::int64_t>((i * 7919) % 10001) - 500;  // hundredths, some negative
    const std::int64_t a = x100[i] < 0 ? -x100[i] : x100[i];
    std::string text = std::to_string(a / 100) + "." + std::to_string(a % 100 / 10) + std::to_string(a % 10);
    if (x100[i] < 0) text = "-" + text;
    if (i == edge) text = "92233720368547758.07";
    in.push_back({std::to_string(i + 1), std::to_string(i % 4), text});
  }
  const auto roster = make_roster(p, in);
  ASSERT_EQ(roster.column(2).decimal_scale, 2);
  for (unsigned threads : {1u, 2u}) {
    merit::eval_options opt = lenient(true);  // explain: the lets are kept
    opt.threads = threads;
    const auto r = merit::evaluate(p, roster, opt);
    ASSERT_EQ(r.errors, 0u);
    for (std::size_t i = 0; i < n; ++i) {
      if (i == edge) {
        // 18446744073709551.614 + 1 (k = 0: else) ... k = 2500 % 4 = 0: + 0.
        EXPECT_EQ(r.candidates[i].values.at(0).to_string(), "18446744073709551.614");
        EXPECT_EQ(r.candidates[i].score.to_string(), "-73786976294838206.456");
        continue;
      }
      const std::int64_t carry[4] = {0, 10000, 8000, 0};
      const std::int64_t w = x100[i] * 20 + carry[i % 4];  // ten-thousandths
      const std::int64_t s = w - x100[i] * 100;
      ASSERT_EQ(r.candidates[i].values.at(0).as_decimal(), merit::decimal::from_scaled(w, -4)) << i;
      ASSERT_EQ(r.candidates[i].score.as_decimal(), merit::decimal::from_scaled(s, -4)) << i;
    }
  }
}

}  // namespace
