// SPDX-License-Identifier: Apache-2.0
// merit - tests of the evaluation time budget: a tiny budget stops, a huge one changes nothing
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/report.hpp"
#include "merit/roster.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const merit::program& library() {
  static const merit::program prog = [] {
    merit::compile_result r = merit::compile(slurp(MERIT_SHARED_DIR "/bench/library.merit"), "library.merit");
    if (!r.ok()) throw std::runtime_error("library.merit does not compile");
    return *r.program;
  }();
  return prog;
}

// 200,000 rows from the benchmark generator (seed 2023), read once.
const merit::roster& big_roster() {
  static const merit::roster rows = merit::read_csv_text(library().inputs(), slurp(MERIT_BUDGET_ROSTER), "big.csv");
  return rows;
}

// Its first 20,000 rows, for the comparisons (three evaluations).
const merit::roster& part_roster() {
  static const merit::roster rows = [] {
    std::string text = slurp(MERIT_BUDGET_ROSTER);
    std::size_t at = 0;
    for (int line = 0; line < 20001; ++line) at = text.find('\n', at) + 1;  // header + 20,000 rows
    text.resize(at);
    return merit::read_csv_text(library().inputs(), std::move(text), "part.csv");
  }();
  return rows;
}

TEST(BudgetTest, RosterIsTheGeneratedOne) {
  ASSERT_EQ(big_roster().rows(), 200000u);
  EXPECT_TRUE(big_roster().errors().empty());
  ASSERT_EQ(part_roster().rows(), 20000u);
}

// One millisecond cannot cover 200,000 rows: the evaluation throws
// budget_error, names the pass and the row count, and returns nothing.
TEST(BudgetTest, OneMillisecondIsExceeded) {
  for (unsigned threads : {1u, 2u}) {
    merit::eval_options opt;
    opt.lenient = true;
    opt.threads = threads;
    opt.time_limit = std::chrono::milliseconds(1);
    try {
      (void)merit::evaluate(library(), big_roster(), opt);
      FAIL() << "no budget_error with " << threads << " threads";
    } catch (const merit::budget_error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("evaluation stopped after ", 0), 0u) << what;
      EXPECT_NE(what.find("(time limit 0.001 s)"), std::string::npos) << what;
      EXPECT_NE(what.find(" pass (at "), std::string::npos) << what;
      EXPECT_NE(what.find(" of 200,000)"), std::string::npos) << what;
    }
  }
}

TEST(BudgetTest, BudgetErrorIsARuntimeError) {
  merit::eval_options opt;
  opt.time_limit = std::chrono::milliseconds(1);
  opt.lenient = true;
  EXPECT_THROW((void)merit::evaluate(library(), big_roster(), opt), std::runtime_error);
}

// A budget of a day changes nothing: the JSON report equals the one of an
// evaluation without a budget, with one thread and with two.
TEST(BudgetTest, GenerousBudgetChangesNothing) {
  merit::eval_options plain;
  plain.lenient = true;
  const merit::result base = merit::evaluate(library(), part_roster(), plain);
  std::size_t selected = 0;
  for (const merit::candidate& c : base.candidates) selected += c.selected;
  ASSERT_GT(selected, 0u);  // the comparison covers the stage's output too
  const std::string expected = merit::to_json(base);
  for (unsigned threads : {1u, 2u}) {
    merit::eval_options opt = plain;
    opt.threads = threads;
    opt.time_limit = std::chrono::hours(24);
    EXPECT_EQ(merit::to_json(merit::evaluate(library(), part_roster(), opt)), expected) << threads << " threads";
  }
}

// Zero and negative limits mean no limit.
TEST(BudgetTest, ZeroOrNegativeMeansNone) {
  const merit::compile_result c = merit::compile(
      "scheme \"s\"\ninput {\n  id: text key\n  x: int\n}\nscore = x\n", "s.merit");
  ASSERT_TRUE(c.ok());
  const merit::roster rows = merit::read_csv_text(c.program->inputs(), "id,x\na,1\nb,2\n", "r.csv");
  for (long ms : {0L, -5L}) {
    merit::eval_options opt;
    opt.time_limit = std::chrono::milliseconds(ms);
    const merit::result res = merit::evaluate(*c.program, rows, opt);
    ASSERT_EQ(res.candidates.size(), 2u);
    EXPECT_EQ(res.eligible, 2u);  // both rows have a score and no rule
  }
}

// Strict mode (the default) stops the same way.
TEST(BudgetTest, StrictEvaluationAlsoStops) {
  merit::eval_options opt;
  opt.time_limit = std::chrono::milliseconds(1);
  EXPECT_THROW((void)merit::evaluate(library(), big_roster(), opt), merit::budget_error);
}

}  // namespace
