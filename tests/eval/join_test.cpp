// SPDX-License-Identifier: Apache-2.0
// merit - joins: aggregates over the rows whose f equals this row's g
// (`over f = g`, docs/language.md section 15). Every expected value is worked
// out by hand in the comment above it.
#include <gtest/gtest.h>

#include <string>

#include "merit/merit.hpp"
#include "scheme_case.hpp"

namespace {

merit::result run(const std::string& scheme, const std::string& csv, bool lenient = true) {
  return merit::test::run_case(scheme, csv, lenient);
}

// "id=output,output " for every candidate, in roster order.
std::string outputs(const merit::result& r) {
  std::string s;
  for (const auto& c : r.candidates) {
    s += c.id.to_string() + "=";
    for (std::size_t o = 0; o < c.outputs.size(); ++o) s += (o ? "," : "") + c.outputs[o].to_string();
    s += ' ';
  }
  return s;
}

TEST(JoinTest, AnAwardLandsOnTheSupervisorsRow) {
  // star by group, among rows with a boss: A — a1 (90) over a2 (80); B —
  // b2 (95) over b1 (70). M1 is the boss of a1, a2 and b2: two stars, 800.
  // M2 is b1's boss: b1 is no star, 0. Nobody has a1, a2, b1 or b2 as boss:
  // their group is empty, sum 0 and count 0. M1 and M2 have no boss (the
  // optional field is missing) and so belong to no group themselves.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  group: text
  boss: text optional
  pts: int = 0
}
score = pts
select "star" by group {
  where present(boss)
  order by score desc
  quota 1
}
output boss_award = sum(400 where selected("star")) over boss = id
output team = count() over boss = id
)",
                     "id,group,boss,pts\nM1,A,,\nM2,B,,\na1,A,M1,90\na2,A,M1,80\nb1,B,M2,70\nb2,B,M1,95\n");
  EXPECT_EQ(outputs(r), "M1=800,3 M2=0,1 a1=0,0 a2=0,0 b1=0,0 b2=0,0 ");
  EXPECT_TRUE(r.warnings.empty());
}

const char* const team_scheme = R"(scheme "t"
input {
  id: text key
  boss: text optional
  sales: decimal
}
require "leads a team": count() over boss = id >= 1
score = avg(sales) over boss = id
output team_avg = avg(sales) over boss = id
)";

TEST(JoinTest, EmptyGroupsCountZeroAndAvgFailsOnlyWhereNeeded) {
  // M1 leads a (30) and b (41): count 2, score avg = 71 / 2 = 35.5.
  // M2, a, b and c lead nobody: count 0, so the require is false; their
  // score is not needed and so no error, but the output team_avg (avg over
  // no rows) is null for them, with one warning. c's boss M9 is no row:
  // c's membership in group M9 is read by nobody.
  const auto r = run(team_scheme, "id,boss,sales\nM1,,10\nM2,,20\na,M1,30\nb,M1,41\nc,M9,5\n");
  ASSERT_EQ(r.candidates.size(), 5u);
  EXPECT_EQ(r.candidates[0].status, merit::status::eligible);
  EXPECT_EQ(r.candidates[0].score.to_string(), "35.5");
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(r.candidates[i].status, merit::status::ineligible);
    EXPECT_EQ(r.candidates[i].reasons, std::vector<std::string>{"leads a team"});
  }
  EXPECT_EQ(outputs(r), "M1=35.5 M2=null a=null b=null c=null ");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "output 'team_avg' is null for 4 rows (first: M2: avg over no rows in 'avg(sales) over boss = id')");
}

TEST(JoinTest, AFailingMemberFailsItsReadersOnly) {
  // 100 / sales fails for a (sales 0), a member of M1's group: M1's output
  // is null. M2's group is c alone: 100 / 4 = 25. a, b, c lead nobody: 0.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  boss: text optional
  sales: decimal
}
output ratio = sum(100 / sales) over boss = id
)",
                     "id,boss,sales\nM1,,10\na,M1,0\nb,M1,5\nM2,,1\nc,M2,4\n");
  EXPECT_EQ(outputs(r), "M1=null a=0 b=0 M2=25 c=0 ");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("output 'ratio' is null for 1 row (first: M1: "), std::string::npos) << r.warnings[0];
}

TEST(JoinTest, AGroupCheckLandsOnTheSupervisorsRow) {
  // At most two reports per supervisor: M1 has three (a, b, c), so M1's own
  // row fails the check; the reports lead nobody (count 0) and pass. M2 has
  // one report.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  boss: text optional
}
check "at most two reports": count() over boss = id <= 2
)",
                     "id,boss\nM1,\na,M1\nb,M1\nc,M1\nM2,\nd,M2\n");
  std::string statuses;
  for (const auto& c : r.candidates) statuses += c.id.to_string() + ":" + std::string(merit::to_string(c.status)) + " ";
  EXPECT_EQ(statuses, "M1:error a:eligible b:eligible c:eligible M2:eligible d:eligible ");
  EXPECT_EQ(r.candidates[0].reasons, std::vector<std::string>{"check failed: at most two reports"});
}

TEST(JoinTest, TuplesOfSeveralTypesJoinPairwise) {
  // over (boss, month) = (id, month): per month, the sum of the points of
  // one's reports; the enum fields join because their member lists agree.
  // M in month 1 reads x1 (3) and y1 (4): 7; M in month 2 reads x2 (5): 5.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  person: text
  boss: text optional
  month: enum("1月", "2月")
  pts: int = 0
}
output team_pts = sum(pts) over (boss, month) = (person, month)
)",
                     "id,person,boss,month,pts\nM-1,M,,1月,0\nM-2,M,,2月,0\nx1,x,M,1月,3\ny1,y,M,1月,4\nx2,x,M,2月,5\n");
  EXPECT_EQ(outputs(r), "M-1=7 M-2=5 x1=0 y1=0 x2=0 ");
}

}  // namespace
