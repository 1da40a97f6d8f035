// SPDX-License-Identifier: Apache-2.0
// merit - one program evaluated by many threads at once
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "eval_support.hpp"
#include "../support/test_support.hpp"

namespace {

void expect_same(const merit::result& a, const merit::result& b) {
  ASSERT_EQ(a.candidates.size(), b.candidates.size());
  for (std::size_t i = 0; i < a.candidates.size(); ++i) {
    const auto& x = a.candidates[i];
    const auto& y = b.candidates[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.status, y.status) << i;
    EXPECT_EQ(x.score, y.score) << i;
    EXPECT_EQ(x.reasons, y.reasons) << i;
    EXPECT_EQ(x.caps, y.caps) << i;
    EXPECT_EQ(x.values, y.values) << i;
  }
}

TEST(ThreadTest, EightThreadsShareOneProgram) {
  auto prog = merit::test::compile_ok(merit::test::slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"));
  std::vector<merit::roster> rosters;
  std::vector<merit::result> single;
  merit::eval_options opt;
  opt.explain = true;
  for (int t = 0; t < 8; ++t) {
    rosters.push_back(merit::read_csv_file(prog.inputs(), merit::test::generated_roster(1500 + 250 * t, 100 + t)));
    single.push_back(merit::evaluate(prog, rosters.back(), opt));
  }
  std::vector<merit::result> parallel(8);
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t)
    pool.emplace_back([&, t] { parallel[t] = merit::evaluate(prog, rosters[t], opt); });
  for (auto& th : pool) th.join();
  for (int t = 0; t < 8; ++t) expect_same(single[t], parallel[t]);
  // Different rosters really give different results.
  EXPECT_NE(single[0].candidates.size(), single[1].candidates.size());
}

TEST(ThreadTest, ThreadsOptionGivesIdenticalResults) {
  auto prog = merit::test::compile_ok(merit::test::slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"));
  merit::roster roster = merit::read_csv_file(prog.inputs(), merit::test::generated_roster(5000, 7));
  merit::eval_options one;
  one.explain = true;
  merit::eval_options four = one;
  four.threads = 4;
  expect_same(merit::evaluate(prog, roster, one), merit::evaluate(prog, roster, four));
}

}  // namespace
