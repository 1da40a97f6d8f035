// SPDX-License-Identifier: Apache-2.0
// merit - group checks: checks that use aggregates (docs/language.md section 15)
#include <gtest/gtest.h>

#include <string>

#include "merit/merit.hpp"
#include "scheme_case.hpp"

namespace {

merit::result run(const std::string& scheme, const std::string& csv, bool lenient) {
  return merit::test::run_case(scheme, csv, lenient);
}

const char* const shops = R"(scheme "t"
input {
  id: text key
  shop: text
  votes: int
  ballots: int
  receipts: int
}
check "ballots within receipts": ballots <= receipts
check "votes within ballots": sum(votes) over shop <= ballots
score = votes
let portion = votes / sum(votes) over shop
)";

TEST(GroupCheckTest, AFailingGroupMakesEveryRowOfItAnError) {
  // Shop A counts 30 + 25 = 55 votes for 50 ballots: both A rows fail the
  // group check. Shop B counts 20 + 10 = 30 of 40: fine.
  const auto r = run(shops, "id,shop,votes,ballots,receipts\na1,A,30,50,60\na2,A,25,50,60\nb1,B,20,40,45\nb2,B,10,40,45\n",
                     true);
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[0].status, merit::status::error);
  EXPECT_EQ(r.candidates[1].status, merit::status::error);
  EXPECT_EQ(r.candidates[0].reasons, std::vector<std::string>{"check failed: votes within ballots"});
  EXPECT_EQ(r.candidates[2].status, merit::status::eligible);
  EXPECT_EQ(r.candidates[3].status, merit::status::eligible);
  // Strict mode fails the evaluation for the same rows.
  auto compiled = merit::compile(shops, "case.merit");
  merit::roster roster = merit::read_csv_text(
      compiled.program->inputs(), "id,shop,votes,ballots,receipts\na1,A,30,50,60\na2,A,25,50,60\nb1,B,20,40,45\n");
  EXPECT_THROW(merit::evaluate(*compiled.program, roster), merit::evaluation_error);
}

TEST(GroupCheckTest, ItsAggregatesCoverRowsThatPassedTheRowChecks) {
  // c1 fails the row check (ballots 90 > receipts 80), so the group check of
  // shop C sums only c2's 30 votes against 50 ballots: c2 is fine. Had c1's
  // 40 votes counted, 70 > 50 would have failed c2 too.
  const auto r = run(shops, "id,shop,votes,ballots,receipts\nc1,C,40,90,80\nc2,C,30,50,60\n", true);
  EXPECT_EQ(r.candidates[0].status, merit::status::error);
  EXPECT_EQ(r.candidates[0].reasons, std::vector<std::string>{"check failed: ballots within receipts"});
  EXPECT_EQ(r.candidates[1].status, merit::status::eligible);
}

TEST(GroupCheckTest, OtherAggregatesCoverOnlyTheValidRows) {
  // Shop A's rows fail the group check; shop B is valid. The let's
  // sum(votes) over shop for b1 is 20 + 10 = 30, so portion = 20 / 30.
  const auto compiled = merit::compile(shops, "case.merit");
  ASSERT_TRUE(compiled.ok());
  merit::roster roster = merit::read_csv_text(
      compiled.program->inputs(),
      "id,shop,votes,ballots,receipts\na1,A,30,50,60\na2,A,25,50,60\nb1,B,20,40,45\nb2,B,10,40,45\n");
  merit::eval_options opt;
  opt.lenient = true;
  opt.explain = true;
  const auto r = merit::evaluate(*compiled.program, roster, opt);
  EXPECT_EQ(r.candidates[2].values.at(0).to_string(), "0.6666666666666666666666666666666667");
}

TEST(GroupCheckTest, AGuardOrALetWithAggregatesIsStillACompileError) {
  const std::string head = "scheme \"t\"\ninput {\n  id: text key\n  x: int\n}\n";
  EXPECT_FALSE(merit::compile(head + "let m = max(x)\ncheck x <= m\n").ok());
  EXPECT_FALSE(merit::compile(head + "when x > avg(x) {\n  check x > 0\n}\n").ok());
  EXPECT_TRUE(merit::compile(head + "when x > 0 {\n  check x <= max(x)\n}\n").ok());
}

}  // namespace
