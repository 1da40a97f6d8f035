// SPDX-License-Identifier: Apache-2.0
// merit - hostile values through evaluation: signed zeros and halves under every rounding, a million equal scores
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "merit/decimal.hpp"
#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/roster.hpp"

namespace {

merit::program compile_ok(const std::string& text) {
  auto r = merit::compile(text, "hostile.merit");
  if (!r.ok()) {
    std::string all;
    for (const auto& d : r.diagnostics) all += merit::format_diagnostic(r.source, d);
    ADD_FAILURE() << all;
    throw std::runtime_error("compile failed");
  }
  return *r.program;
}

// Every rounding function, without digits (int) and with 0 and 1 digits
// (decimal), over x = -0.5, -0, -1.5, -2.5, 0.5.
TEST(HostileEval, SignedZerosAndHalvesUnderEveryRounding) {
  const std::vector<std::string> fns = {"round_half_up", "round_half_even", "floor", "ceil", "truncate"};
  std::string text = "scheme \"r\"\ninput {\n  id: int key\n  x: decimal\n}\n";
  for (const auto& f : fns) {
    text += "output " + f + "_n = " + f + "(x)\n";
    text += "output " + f + "_0 = " + f + "(x, 0)\n";
    text += "output " + f + "_1 = " + f + "(x, 1)\n";
  }
  const merit::program prog = compile_ok(text);
  const merit::roster rows =
      merit::read_csv_text(prog.inputs(), "id,x\n1,-0.5\n2,-0\n3,-1.5\n4,-2.5\n5,0.5\n", "r.csv");
  merit::eval_options opt;
  const merit::result res = merit::evaluate(prog, rows, opt);
  ASSERT_EQ(res.candidates.size(), 5u);
  // Worked out by hand: half-up goes away from zero on a tie, half-even to
  // the even neighbour, floor down, ceil up, truncate towards zero; every
  // zero prints as 0 (LANGUAGE.md section 5).
  const std::vector<std::vector<std::string>> expected = {
      /* round_half_up   */ {"-1", "0", "-2", "-3", "1"},
      /* round_half_even */ {"0", "0", "-2", "-2", "0"},
      /* floor           */ {"-1", "0", "-2", "-3", "0"},
      /* ceil            */ {"0", "0", "-1", "-2", "1"},
      /* truncate        */ {"0", "0", "-1", "-2", "0"},
  };
  const std::vector<std::string> unchanged = {"-0.5", "0", "-1.5", "-2.5", "0.5"};
  for (std::size_t f = 0; f < fns.size(); ++f) {
    for (std::size_t r = 0; r < 5; ++r) {
      const auto& out = res.candidates[r].outputs;
      ASSERT_EQ(out.size(), 15u);
      SCOPED_TRACE(fns[f] + " row " + std::to_string(r));
      EXPECT_EQ(out[3 * f].type(), merit::value::kind::int_);
      EXPECT_EQ(out[3 * f].to_string(), expected[f][r]);
      EXPECT_EQ(out[3 * f + 1].type(), merit::value::kind::decimal);
      EXPECT_EQ(out[3 * f + 1].to_string(), expected[f][r]);
      EXPECT_EQ(out[3 * f + 2].to_string(), unchanged[r]);
    }
  }
}

TEST(HostileEval, DivisionByZeroAndOverflowAreRowErrorsNotNumbers) {
  const merit::program prog = compile_ok(
      "scheme \"e\"\ninput {\n  id: int key\n  n: int\n}\nscore = 9223372036854775807 + n\n"
      "output q = 1 / n\n");
  const merit::roster rows = merit::read_csv_text(prog.inputs(), "id,n\n1,0\n2,1\n3,-1\n", "e.csv");
  merit::eval_options opt;
  opt.lenient = true;
  const merit::result res = merit::evaluate(prog, rows, opt);
  ASSERT_EQ(res.candidates.size(), 3u);
  // Row 1: max + 0 is fine; 1 / 0 fails, so its output is null.
  EXPECT_EQ(res.candidates[0].status, merit::status::eligible);
  EXPECT_EQ(res.candidates[0].score.to_string(), "9223372036854775807");
  EXPECT_TRUE(res.candidates[0].outputs[0].is_null());
  // Row 2: max + 1 leaves int64: an error of the row.
  EXPECT_EQ(res.candidates[1].status, merit::status::error);
  EXPECT_TRUE(res.candidates[1].score.is_null());
  // Row 3: max - 1; 1 / -1 = -1.
  EXPECT_EQ(res.candidates[2].score.to_string(), "9223372036854775806");
  EXPECT_EQ(res.candidates[2].outputs[0].to_string(), "-1");
}

TEST(HostileEval, AMillionIdenticalScores) {
  const merit::program prog = compile_ok(
      "scheme \"m\"\ninput {\n  id: int key\n  x: decimal in [0, 100]\n}\nrequire x >= 50\nscore = x\n");
  constexpr std::size_t n = 1000000;
  std::vector<std::int64_t> ids(n);
  std::iota(ids.begin(), ids.end(), 1);
  const std::vector<merit::decimal> xs(n, merit::decimal::parse("87.5"));
  merit::roster_builder b(prog.inputs());
  b.set_ints("id", ids);
  b.set_decimals("x", xs);
  const merit::roster rows = b.finish();
  merit::eval_options opt;
  opt.threads = 2;
  const merit::result res = merit::evaluate(prog, rows, opt);
  ASSERT_EQ(res.candidates.size(), n);
  EXPECT_EQ(res.eligible, n);
  EXPECT_EQ(res.errors + res.ineligible + res.vetoed, 0u);
  std::size_t right = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const auto& c = res.candidates[r];
    right += c.status == merit::status::eligible && c.score.to_string() == "87.5" &&
             c.id.as_int() == static_cast<std::int64_t>(r + 1);
  }
  EXPECT_EQ(right, n);
}

}  // namespace
