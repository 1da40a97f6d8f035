// SPDX-License-Identifier: Apache-2.0
// merit - allocation stages through whole schemes: hand-worked cases
//
// Each case gives a scheme, a roster, and the expected placement worked out
// by hand in the comment above its assertions.
#include <gtest/gtest.h>

#include <string>

#include "merit/merit.hpp"
#include "scheme_case.hpp"

namespace {

merit::result run(const std::string& scheme, const std::string& csv) { return merit::test::run_case(scheme, csv, false); }

// "id tier rank tie" for every candidate, in roster order.
std::string placements(const merit::result& r) {
  std::string s;
  for (const auto& c : r.candidates) {
    s += c.id.to_string() + ' ' + (c.tier.is_null() ? "-" : c.tier.to_string()) + ' ' +
         (c.rank.is_null() ? "-" : c.rank.to_string()) + (c.tie ? " tie" : "") + '\n';
  }
  return s;
}

bool has_warning(const merit::partition_summary& p, const std::string& w) {
  for (const auto& x : p.warnings)
    if (x == w) return true;
  return false;
}

const char* const tie_scheme = R"(scheme "t"
input {
  id: text key
  s: int
}
score = s
select "獎" {
  order by score desc
  quota 3
  tier "A" = 1
  tier "B" = rest
  %TIES%
}
)";

std::string with_ties(const std::string& ties) {
  std::string s = tie_scheme;
  s.replace(s.find("%TIES%"), 6, ties);
  return s;
}

TEST(StagesTest, TieAtATierBoundaryUnderTiesKey) {
  // Scores a 90, b 80, c 80, d 80, e 70; quota 3: A = 1, B = rest = 2.
  // Order a, b, c, d (the 80s by id), e. A takes a; B takes b and c; d is
  // left out. b, c and d are equal with the same (no) cap and got B, B and
  // nothing: all three are flagged.
  const auto r = run(with_ties("ties key"), "id,s\nd,80\nb,80\na,90\ne,70\nc,80\n");
  EXPECT_EQ(placements(r), "d - 4 tie\nb B 2 tie\na A 1\ne - 5\nc B 3 tie\n");
  ASSERT_EQ(r.stages.size(), 1u);
  EXPECT_EQ(r.stages[0].partitions.at(0).quota.to_string(), "3");
}

TEST(StagesTest, TieAtATierBoundaryUnderTiesShare) {
  // As above with ties share: d equals c, the last placed in B, so B grows
  // from 2 to 3 and nobody is flagged.
  const auto r = run(with_ties("ties share"), "id,s\nd,80\nb,80\na,90\ne,70\nc,80\n");
  EXPECT_EQ(placements(r), "d B 4\nb B 2\na A 1\ne - 5\nc B 3\n");
  const auto& p = r.stages.at(0).partitions.at(0);
  EXPECT_EQ(p.tiers.at(1).size, 2);
  EXPECT_EQ(p.tiers.at(1).filled, 3);
  EXPECT_TRUE(has_warning(p, "tier 'B' grew from 2 to 3 by ties share"));
}

// Three tiers of a quota of 3, and a cap: an absence allows 二等 at best.
const char* const capped_scheme = R"(scheme "t"
input {
  id: text key
  s: int
  absent: int = 0
}
score = s
cap "曠工": absent >= 1 => "二等"
select "星" {
  order by score desc
  quota 3
  tier "一等" = 1
  tier "二等" = 1
  tier "三等" = rest
}
)";

TEST(StagesTest, CappedTopScorerFallsAndTheNextMovesUp) {
  // p1 has the best score but was absent: at best 二等. 一等 takes p2, 二等
  // takes p1, 三等 (rest = 3 - 2 = 1) takes p3; p4 is not placed.
  const auto r = run(capped_scheme,
                     "id,s,absent\np1,95,1\np2,90,\np3,85,\np4,80,0\n");
  EXPECT_EQ(placements(r), "p1 二等 1\np2 一等 2\np3 三等 3\np4 - 4\n");
  EXPECT_EQ(r.candidates[0].caps, std::vector<std::string>{"曠工"});
  EXPECT_EQ(r.candidates[0].stages.at(0).cap, 1);
}

TEST(StagesTest, ExplainSaysHowACandidateWasPlaced) {
  // The capped case above: p1 is first in order but capped to 二等; p2 just
  // below it took 一等.
  auto compiled = merit::compile(capped_scheme, "case.merit");
  ASSERT_TRUE(compiled.ok());
  merit::roster roster =
      merit::read_csv_text(compiled.program->inputs(), "id,s,absent\np1,95,1\np2,90,\np3,85,\np4,80,0\n");
  const auto r = merit::evaluate(*compiled.program, roster);
  const std::string text = merit::explain(*compiled.program, roster, r, "p1");
  for (const char* want : {"stage \"星\":\n", "  order: score desc = 95\n", "  rank: 1 of 4\n",
                           "  tier: 二等 (size 1, filled 1)\n", "  just below: p2 (rank 2, 一等)\n",
                           "  capped by \"曠工\": at best 二等\n"}) {
    EXPECT_NE(text.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << text;
  }
  const std::string p4 = merit::explain(*compiled.program, roster, r, "p4");
  EXPECT_NE(p4.find("  tier: none\n"), std::string::npos) << p4;
  EXPECT_NE(p4.find("  just above: p3 (rank 3, 三等)\n"), std::string::npos) << p4;
}

TEST(StagesTest, TiersRoundingToMoreThanTheQuota) {
  // quota 5; each tier is round_half_up(50% × 5) = round_half_up(2.5) = 3, so
  // the sizes add up to 6 > 5: honoured, with a warning. Seven entrants by
  // score: A gets g, f, e; B gets d, c, b; a is left out.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  s: int
}
score = s
select "x" {
  order by score desc
  quota 5
  tier "A" = round_half_up(50% * quota)
  tier "B" = round_half_up(50% * quota)
}
)",
                     "id,s\na,1\nb,2\nc,3\nd,4\ne,5\nf,6\ng,7\n");
  EXPECT_EQ(placements(r), "a - 7\nb B 6\nc B 5\nd B 4\ne A 3\nf A 2\ng A 1\n");
  const auto& p = r.stages.at(0).partitions.at(0);
  EXPECT_EQ(p.tiers.at(0).size, 3);
  EXPECT_EQ(p.tiers.at(1).size, 3);
  EXPECT_TRUE(has_warning(p, "tier sizes add up to 6, more than the quota 5; all are honoured"));
}

TEST(StagesTest, PartitionWithNoEntrants) {
  // Partitions by dept, sorted by code point: "X" then "Y". X's only member
  // is vetoed, so X has no entrants: its place stays empty, with warnings.
  // Y's quota 1 goes to y2 (7 > 5).
  const auto r = run(R"(scheme "t"
input {
  id: text key
  dept: text
  s: int
  bad: bool = false
}
veto "bad": bad
score = s
select "best" by dept {
  order by score desc
  quota 1
}
)",
                     "id,dept,s,bad\ny1,Y,5,\nx1,X,9,true\ny2,Y,7,false\n");
  EXPECT_EQ(placements(r), "y1 - 2\nx1 - -\ny2 best 1\n");
  EXPECT_EQ(r.candidates[1].status, merit::status::vetoed);
  const auto& parts = r.stages.at(0).partitions;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].values.at(0).second.to_string(), "X");
  EXPECT_EQ(parts[0].entrants, 0u);
  EXPECT_EQ(parts[0].tiers.at(0).filled, 0);
  EXPECT_TRUE(has_warning(parts[0], "no entrants"));
  EXPECT_TRUE(has_warning(parts[0], "tier 'best' has 1 place unfilled"));
  EXPECT_EQ(parts[1].values.at(0).second.to_string(), "Y");
  EXPECT_TRUE(parts[1].warnings.empty());
}

TEST(StagesTest, FromAllIgnoresCaps) {
  // a has the most votes but a cap to none. Stage "all" draws from all and
  // ignores caps: a is selected. Stage "eligible" honours caps: b is.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  votes: int
  flag: bool = false
}
cap "flagged": flag => none
select "eligible" {
  order by votes desc
  quota 1
}
select "all" {
  from all
  order by votes desc
  quota 1
}
output in_eligible = selected("eligible")
)",
                     "id,votes,flag\na,9,true\nb,5,\nc,4,\n");
  EXPECT_EQ(placements(r), "a all 1\nb - 2\nc - 3\n");
  EXPECT_FALSE(r.candidates[0].stages.at(0).selected);
  EXPECT_TRUE(r.candidates[1].stages.at(0).selected);
  EXPECT_EQ(r.candidates[0].outputs.at(0).to_string(), "false");
  EXPECT_EQ(r.candidates[1].outputs.at(0).to_string(), "true");
}

TEST(StagesTest, TwoCapsWithOneLabelAreBothListed) {
  // LANGUAGE.md section 6: `caps` lists the label of every cap whose
  // condition is true; two caps that share a label both list it, for an
  // eligible row and for one whose caps a stage evaluated alike. p is vetoed
  // (a == 9) but enters "second" through "first", which draws from all, so
  // "second" evaluates its caps: both hold (9 > 5, 9 > 7). q is eligible
  // and both hold too (8 > 5, 8 > 7); r holds neither (a = 1). (The
  // independent reference evaluator, tests/reference, gives the same.)
  const auto r = run(R"(scheme "t"
input {
  id: text key
  a: int
}
cap "big": a > 5 => "silver"
cap "big": a > 7 => "silver"
veto "odd": a == 9
select "first" {
  from all
  order by a desc
  quota 3
}
select "second" {
  from "first"
  order by a desc
  quota 2
  tier "gold" = 1
  tier "silver" = rest
}
)",
                     "id,a\np,9\nq,8\nr,1\n");
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[0].status, merit::status::vetoed);
  EXPECT_EQ(r.candidates[0].caps, (std::vector<std::string>{"big", "big"}));
  EXPECT_EQ(r.candidates[1].status, merit::status::eligible);
  EXPECT_EQ(r.candidates[1].caps, (std::vector<std::string>{"big", "big"}));
  EXPECT_TRUE(r.candidates[2].caps.empty());
}

TEST(StagesTest, BottomOneWithAscendingOrder) {
  // Votes ascending: s2 (3) and s4 (3) share last place; the key field
  // (ascending) puts s2 first, so s2 gets the talk and both are flagged.
  // The vetoed s5 (1 vote) does not enter: the stage draws from eligible.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  votes: int
  complaints: int = 0
}
veto "complaint": complaints > 0
select "約談" {
  order by votes asc
  quota 1
}
)",
                     "id,votes,complaints\ns1,12,\ns2,3,\ns3,7,\ns4,3,\ns5,1,2\n");
  EXPECT_EQ(placements(r), "s1 - 4\ns2 約談 1 tie\ns3 - 3\ns4 - 2 tie\ns5 - -\n");
}

TEST(StagesTest, TwoStageNominationWithOutputs) {
  // Seed scheme 14's shape. 推薦 by 科室 (partitions 內科 U+5167, 外科 U+5916,
  // 藥劑 U+85E5): 內科 has 12 staff, so 2 places: A1 95, A2 90 (A3 85 out);
  // 外科 (5 staff) 1 place: B1 92; 藥劑 1 place: C1 80.
  // 點名 from 推薦, quota 3: A1 95, B1 92, A2 90 named; C1 80 is 4th.
  // 當選 from 點名 where 領導選定: A1 and B1 (A2 was not picked), quota 2.
  // 獎金: 300 for 當選, 100 for named but not picked, else 0.
  const auto r = run(R"(scheme "t"
param 名額: int = 3
input {
  id: text key
  科室: text
  科室人數: int
  滿意度: decimal
  領導選定: bool = false
}
score = 滿意度
select "推薦" by 科室 {
  order by score desc
  quota if max(科室人數) >= 10 then 2 else 1
}
select "點名" {
  from "推薦"
  order by score desc
  quota 名額
}
select "當選" {
  from "點名"
  where 領導選定
  order by score desc
  quota 2
}
output 獎金 = if selected("當選") then 300 else if selected("點名") then 100 else 0
output 點名次序 = rank("點名")
)",
                     "id,科室,科室人數,滿意度,領導選定\n"
                     "A1,內科,12,95,true\nA2,內科,12,90,false\nA3,內科,12,85,true\n"
                     "B1,外科,5,92,true\nB2,外科,5,88,true\nC1,藥劑,8,80,false\n");
  EXPECT_EQ(placements(r), "A1 當選 1\nA2 - -\nA3 - -\nB1 當選 2\nB2 - -\nC1 - -\n");
  std::string money, order;
  for (const auto& c : r.candidates) {
    money += c.outputs.at(0).to_string() + ' ';
    order += c.outputs.at(1).to_string() + ' ';
  }
  EXPECT_EQ(money, "300 100 0 300 0 0 ");
  EXPECT_EQ(order, "1 3 0 2 0 4 ");
  ASSERT_EQ(r.stages.size(), 3u);
  const auto& nominate = r.stages[0].partitions;
  ASSERT_EQ(nominate.size(), 3u);
  EXPECT_EQ(nominate[0].values.at(0).second.to_string(), "內科");
  EXPECT_EQ(nominate[0].quota.to_string(), "2");
  EXPECT_EQ(nominate[1].quota.to_string(), "1");
  EXPECT_EQ(r.candidates[2].stages.at(0).rank, 3u);   // A3 entered 推薦, third in 內科
  EXPECT_FALSE(r.candidates[1].stages.at(2).entered);  // A2 kept out of 當選 by `where`
  EXPECT_EQ(r.stages[2].partitions.at(0).tiers.at(0).filled, 2);
}

TEST(StagesTest, EntrantsInAQuota) {
  // quota entrants(): everyone who enters is placed; 3 eligible of 4.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  s: int
}
require "positive": s > 0
select "all in" {
  order by s desc
  quota entrants()
}
)",
                     "id,s\na,1\nb,0\nc,3\nd,2\n");
  EXPECT_EQ(placements(r), "a all in 3\nb - -\nc all in 1\nd all in 2\n");
  EXPECT_EQ(r.stages.at(0).partitions.at(0).quota.to_string(), "3");
}

TEST(StagesTest, AnErrorEnteringAStageIsAnErrorRowAndTheStageRunsWithoutIt) {
  // The order key 10 / s fails for s = 0 (row z): z becomes an error row in
  // lenient mode, and the single place goes to the best of the rest: y
  // (10 / 2 = 5 > 10 / 5 = 2).
  auto compiled = merit::compile(R"(scheme "t"
input {
  id: text key
  s: int
}
select "x" {
  order by 10 / s desc
  quota 1
}
)",
                                 "case.merit");
  ASSERT_TRUE(compiled.ok());
  merit::roster roster = merit::read_csv_text(compiled.program->inputs(), "id,s\nx,5\ny,2\nz,0\n");
  merit::eval_options opt;
  opt.lenient = true;
  const auto r = merit::evaluate(*compiled.program, roster, opt);
  EXPECT_EQ(placements(r), "x - 2\ny x 1\nz - -\n");
  EXPECT_EQ(r.candidates[2].status, merit::status::error);
  ASSERT_EQ(r.candidates[2].reasons.size(), 1u);
  EXPECT_NE(r.candidates[2].reasons[0].find("stage \"x\": order by: division by zero"), std::string::npos)
      << r.candidates[2].reasons[0];
  // Strict mode fails the evaluation for the same row.
  EXPECT_THROW(merit::evaluate(*compiled.program, roster), merit::evaluation_error);
}

}  // namespace

namespace {

TEST(StagesTest, AnEmptyRosterStillHasItsOnePartitionWithSizes) {
  // No rows: count() = 0, so the quota is greatest(1, round_half_up(0)) = 1.
  // The one partition has no entrants and its place is unfilled.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  s: int
}
select "x" {
  order by s desc
  quota greatest(1, round_half_up(10% * count()))
}
)",
                     "id,s\n");
  ASSERT_EQ(r.stages.size(), 1u);
  ASSERT_EQ(r.stages[0].partitions.size(), 1u);
  const auto& p = r.stages[0].partitions[0];
  EXPECT_EQ(p.quota.to_string(), "1");
  EXPECT_EQ(p.tiers.at(0).size, 1);
  EXPECT_TRUE(has_warning(p, "no entrants"));
  EXPECT_TRUE(has_warning(p, "tier 'x' has 1 place unfilled"));
}

TEST(StagesTest, AnEmptyRosterHasNoPartitionsWhenPartitioned) {
  // Partitions are the distinct `by` values among the valid rows: none.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  g: text
  s: int
}
select "x" by g {
  order by s desc
  quota 1
}
)",
                     "id,g,s\n");
  ASSERT_EQ(r.stages.size(), 1u);
  EXPECT_TRUE(r.stages[0].partitions.empty());
}

TEST(StagesTest, DuplicateKeysKeepTheirIdInTheResult) {
  // Both K1 rows are data errors (duplicate key), but the key read cleanly,
  // so each still shows its id; the row with a key that is not an int has
  // none.
  auto compiled = merit::compile("scheme \"t\"\ninput {\n  id: int key\n}\n", "case.merit");
  ASSERT_TRUE(compiled.ok());
  merit::roster roster = merit::read_csv_text(compiled.program->inputs(), "id\n1\n1\nx\n2\n");
  merit::eval_options opt;
  opt.lenient = true;
  const auto r = merit::evaluate(*compiled.program, roster, opt);
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[0].id.to_string(), "1");
  EXPECT_EQ(r.candidates[0].status, merit::status::error);
  EXPECT_EQ(r.candidates[1].id.to_string(), "1");
  EXPECT_TRUE(r.candidates[2].id.is_null());
  EXPECT_EQ(r.candidates[3].status, merit::status::eligible);
}

}  // namespace

namespace {

TEST(StagesTest, OutputsMayAggregateStageResults) {
  // Monthly stars by month: month 1 goes to A (90 > 80), month 2 to B
  // (85 > 70), month 3 to A (95 > 60). Each person's tally over the quarter:
  // A 2, B 1, on every one of their rows.
  const auto r = run(R"(scheme "t"
input {
  id: text key
  person: text
  month: int
  pts: int
}
select "月度之星" by month {
  order by pts desc
  quota 1
}
output 本季獲星次數 = count(where selected("月度之星")) over person
)",
                     "id,person,month,pts\na1,A,1,90\nb1,B,1,80\na2,A,2,70\nb2,B,2,85\na3,A,3,95\nb3,B,3,60\n");
  std::string tally;
  for (const auto& c : r.candidates) tally += c.id.to_string() + "=" + c.outputs.at(0).to_string() + " ";
  EXPECT_EQ(tally, "a1=2 b1=1 a2=2 b2=1 a3=2 b3=1 ");
  EXPECT_TRUE(r.warnings.empty());
}

}  // namespace

namespace {

// `distinct` (docs/language.md section 15) through a whole scheme: tiers, a
// cap, a relaxation, and a second stage drawing from the first.
const char* const distinct_scheme = R"(scheme "t"
input {
  id: text key
  縣: text
  類型: text
  s: int
  absent: int = 0
}
score = s
cap "曠工": absent >= 1 => "二等"
select "窗口" by 縣 {
  order by score desc
  quota 3
  tier "一等" = 1
  tier "二等" = rest
  distinct 類型
}
select "市級" {
  from "窗口"
  order by score desc
  quota 1
  distinct 類型
}
)";

const char* const distinct_roster =
    "id,縣,類型,s,absent\n"
    "a1,甲,稅務,95,1\na2,甲,稅務,92,\na3,甲,社保,90,\na4,甲,醫保,85,\na5,甲,社保,80,\n"
    "b1,乙,稅務,70,\nb2,乙,稅務,70,\n";

TEST(StagesTest, DistinctSpreadsOverTiersWithCapsAndRelaxesForEmptyPlaces) {
  // 窗口, 甲 (order a1 95, a2 92, a3 90, a4 85, a5 80; 一等 1, 二等 2):
  //   spread pass: 一等 — a1 is capped to 二等, a2 (稅務) takes it;
  //   二等 — a1's 稅務 is already placed (in 一等), so a1 is skipped; a3
  //   (社保) and a4 (醫保) fill it. a5 (社保) is left out. Nothing relaxed.
  // 窗口, 乙 (b1 70, b2 70, b1 first by key): 一等 — b1 (稅務); 二等 — b2's
  //   稅務 is placed, nobody else: the relaxation pass gives b2 one place of
  //   二等, the other stays empty. b1 and b2 are equal, same cap, 一等 vs
  //   二等: both flagged.
  // 市級 (from 窗口: a2 92, a3 90, a4 85, b1 70, b2 70; quota 1): a2. The
  //   places in 窗口 do not take values here.
  const auto r = run(distinct_scheme, distinct_roster);
  std::string window;
  for (const auto& c : r.candidates) {
    const merit::stage_place& p = c.stages.at(0);
    window += c.id.to_string() + ' ' + (p.selected ? r.stages[0].tiers.at(static_cast<std::size_t>(p.tier)) : "-") +
              ' ' + std::to_string(p.rank) + (p.tie ? " tie" : "") + '\n';
  }
  EXPECT_EQ(window, "a1 - 1\na2 一等 2\na3 二等 3\na4 二等 4\na5 - 5\nb1 一等 1 tie\nb2 二等 2 tie\n");
  EXPECT_EQ(placements(r), "a1 - -\na2 市級 1\na3 - 2\na4 - 3\na5 - -\nb1 - 4 tie\nb2 - 5 tie\n");
  ASSERT_EQ(r.stages.size(), 2u);
  const auto& yi = r.stages[0].partitions.at(0);  // 乙 sorts before 甲 (U+4E59 < U+7532)
  EXPECT_EQ(yi.values.at(0).second.to_string(), "乙");
  EXPECT_EQ(yi.tiers.at(1).filled, 1);
  EXPECT_TRUE(has_warning(yi, "tier '二等' took 1 entrant whose 類型 was already placed (distinct relaxed: no "
                              "entrant with another value was left)"));
  EXPECT_TRUE(has_warning(yi, "tier '二等' has 1 place unfilled"));
  EXPECT_TRUE(r.stages[0].partitions.at(1).warnings.empty());
}

TEST(StagesTest, ExplainNamesWhoTookTheValue) {
  // a5 (社保) is not placed in 窗口: a3, also 社保, took 二等 there.
  auto compiled = merit::compile(distinct_scheme, "case.merit");
  ASSERT_TRUE(compiled.ok());
  merit::roster roster = merit::read_csv_text(compiled.program->inputs(), distinct_roster);
  const auto r = merit::evaluate(*compiled.program, roster);
  const std::string text = merit::explain(*compiled.program, roster, r, "a5");
  EXPECT_NE(text.find("  distinct 類型 = 社保: also placed with this value: a3 (rank 3, 二等)\n"), std::string::npos)
      << text;
  const std::string a4 = merit::explain(*compiled.program, roster, r, "a4");
  EXPECT_NE(a4.find("  distinct 類型 = 醫保: no other entrant placed with this value\n"), std::string::npos) << a4;
}

}  // namespace
