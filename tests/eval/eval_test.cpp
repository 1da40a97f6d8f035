// SPDX-License-Identifier: Apache-2.0
// merit - evaluation tests: aggregates, laziness, errors, rules, explain
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval_support.hpp"

namespace {

using merit::status;
using merit::test::compile_ok;
using merit::test::lenient;
using merit::test::make_roster;

std::vector<std::string> let_texts(const merit::result& r, std::size_t let) {
  std::vector<std::string> out;
  for (const auto& c : r.candidates) out.push_back(c.values.at(let).to_string());
  return out;
}

std::vector<std::string> statuses(const merit::result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.candidates) out.emplace_back(merit::to_string(c.status));
  return out;
}

// ---- aggregates ---------------------------------------------------------------

constexpr const char* agg_scheme = R"(scheme "agg"
input {
  id: text key
  unit: text
  x: int
  y: decimal
}
let c = count()
let s = sum(x)
let sy = sum(y)
let a = avg(y)
let lo = min(y)
let hi = max(x)
let rd = rank_desc(x)
let ra = rank_asc(x)
let cu = count() over unit
let au = avg(y) over unit
let rdu = rank_desc(y) over unit
let cw = count(where x > 10)
let sw = sum(x where unit == "A")
)";

TEST(AggregateTest, WholeRosterAndPartitions) {
  auto p = compile_ok(agg_scheme);
  // x: 10, 20, 20, 5; y: 1.5, 2.25, 0.25, 3
  auto roster = make_roster(p, {{"r1", "A", "10", "1.5"},
                                {"r2", "A", "20", "2.25"},
                                {"r3", "B", "20", "0.25"},
                                {"r4", "B", "5", "3"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  ASSERT_EQ(statuses(r), (std::vector<std::string>{"eligible", "eligible", "eligible", "eligible"}));
  EXPECT_EQ(let_texts(r, 0), (std::vector<std::string>{"4", "4", "4", "4"}));
  EXPECT_EQ(let_texts(r, 1)[0], "55");    // 10 + 20 + 20 + 5
  EXPECT_EQ(let_texts(r, 2)[0], "7");     // 1.5 + 2.25 + 0.25 + 3
  EXPECT_EQ(let_texts(r, 3)[0], "1.75");  // 7 / 4
  EXPECT_EQ(let_texts(r, 4)[0], "0.25");
  EXPECT_EQ(let_texts(r, 5)[0], "20");
  // rank_desc: 1 + rows strictly greater; the two 20s share rank 1.
  EXPECT_EQ(let_texts(r, 6), (std::vector<std::string>{"3", "1", "1", "4"}));
  // rank_asc: 1 + rows strictly smaller.
  EXPECT_EQ(let_texts(r, 7), (std::vector<std::string>{"2", "3", "3", "1"}));
  EXPECT_EQ(let_texts(r, 8), (std::vector<std::string>{"2", "2", "2", "2"}));
  // A: (1.5 + 2.25) / 2 = 1.875; B: (0.25 + 3) / 2 = 1.625
  EXPECT_EQ(let_texts(r, 9), (std::vector<std::string>{"1.875", "1.875", "1.625", "1.625"}));
  // within A: 2.25 > 1.5; within B: 3 > 0.25
  EXPECT_EQ(let_texts(r, 10), (std::vector<std::string>{"2", "1", "2", "1"}));
  EXPECT_EQ(let_texts(r, 11)[0], "2");   // 20 and 20 are > 10
  EXPECT_EQ(let_texts(r, 12)[0], "30");  // 10 + 20 from unit A
}

TEST(AggregateTest, AvgRoundsOnce) {
  auto p = compile_ok(R"(scheme "avg"
input {
  id: text key
  y: decimal
}
let a = avg(y)
)");
  // (1 + 1 + 2) / 3 = 1.333... to 34 significant digits, half-even.
  auto roster = make_roster(p, {{"a", "1"}, {"b", "1"}, {"c", "2"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  EXPECT_EQ(r.candidates[0].values[0].to_string(), "1.333333333333333333333333333333333");
}

TEST(AggregateTest, WhereSkipsArgumentOfOtherRows) {
  auto p = compile_ok(R"(scheme "where"
input {
  id: text key
  x: int
}
let s = sum(10 / x where x != 0)
)");
  // 10/2 + 10/5 = 7; the row with x = 0 is never divided.
  auto roster = make_roster(p, {{"a", "2"}, {"b", "0"}, {"c", "5"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  EXPECT_EQ(let_texts(r, 0), (std::vector<std::string>{"7", "7", "7"}));
  EXPECT_EQ(r.errors, 0u);
}

TEST(AggregateTest, AvgOverNoRowsIsAnErrorOfRowsNeedingIt) {
  auto p = compile_ok(R"(scheme "empty"
input {
  id: text key
  unit: text
  x: int
}
require "above": x >= avg(x where x > 5) over unit
)");
  // Unit A has no x > 5: its rows need an avg over no rows. Unit B: avg = 8.
  auto roster = make_roster(p, {{"a1", "A", "1"}, {"a2", "A", "2"}, {"b1", "B", "8"}, {"b2", "B", "3"}});
  auto r = merit::evaluate(p, roster, lenient());
  EXPECT_EQ(statuses(r), (std::vector<std::string>{"error", "error", "eligible", "ineligible"}));
  ASSERT_EQ(r.candidates[0].reasons.size(), 1u);
  EXPECT_NE(r.candidates[0].reasons[0].find("avg over no rows"), std::string::npos) << r.candidates[0].reasons[0];
  EXPECT_EQ(r.candidates[3].reasons, (std::vector<std::string>{"above"}));
}

TEST(AggregateTest, FailingArgumentPoisonsItsPartition) {
  auto p = compile_ok(R"(scheme "poison"
input {
  id: text key
  unit: text
  x: int
}
let s = sum(10 / x) over unit
require "positive": s > 0
)");
  auto roster = make_roster(p, {{"a1", "A", "1"}, {"a2", "A", "0"}, {"b1", "B", "5"}});
  auto r = merit::evaluate(p, roster, lenient());
  EXPECT_EQ(statuses(r), (std::vector<std::string>{"error", "error", "eligible"}));
  ASSERT_FALSE(r.candidates[0].reasons.empty());
  EXPECT_NE(r.candidates[0].reasons[0].find("division by zero in '10 / x'"), std::string::npos)
      << r.candidates[0].reasons[0];
  EXPECT_NE(r.candidates[0].reasons[0].find("a2"), std::string::npos) << r.candidates[0].reasons[0];
}

TEST(AggregateTest, RankUsedInsideRules) {
  auto p = compile_ok(R"(scheme "rank"
input {
  id: text key
  lapses: int
}
cap "top 20%": lapses > 0 and rank_desc(lapses) <= 20% * count() => none
)");
  // 10 rows, lapses 9..0: rank_desc = 1..10; 20% * 10 = 2, so ranks 1 and 2.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 10; ++i) {
    std::string id = "r";  // appended: g++ 12 warns falsely on "r" + std::string in release builds
    id += std::to_string(i);
    rows.push_back({id, std::to_string(9 - i)});
  }
  auto r = merit::evaluate(p, make_roster(p, rows), {});
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(r.candidates[i].caps.size(), i < 2 ? 1u : 0u) << i;
}

// ---- laziness -------------------------------------------------------------------

TEST(LazyTest, OperatorsGuardDivisionByZero) {
  auto p = compile_ok(R"(scheme "lazy"
input {
  id: text key
  a: int
  b: int
}
require "and": b != 0 and a / b > 1
require "or": b == 0 or a / b > 1
let by_if = if b == 0 then 0 else a / b
let by_match = match b { 0 => 0, else => a / b }
)");
  auto roster = make_roster(p, {{"zero", "5", "0"}, {"two", "6", "2"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  // zero: `and` is false without dividing; `or` is true without dividing.
  EXPECT_EQ(r.candidates[0].status, status::ineligible);
  EXPECT_EQ(r.candidates[0].reasons, (std::vector<std::string>{"and"}));
  EXPECT_EQ(r.candidates[0].values[0].to_string(), "0");
  EXPECT_EQ(r.candidates[0].values[1].to_string(), "0");
  // two: 6 / 2 = 3 > 1 on both; both lets 3.
  EXPECT_EQ(r.candidates[1].status, status::eligible);
  EXPECT_EQ(r.candidates[1].values[0].to_string(), "3");
  EXPECT_EQ(r.candidates[1].values[1].to_string(), "3");
}

TEST(ExplainTest, RowsThatFailACheckShowNoLets) {
  // Row "bad" fails the check (b = 0): a data error, so its let is null in
  // the result's values, as for a field that does not read; "ok" shows
  // a + b = 5 + 2 = 7.
  auto p = compile_ok(R"(scheme "v"
input {
  id: text key
  a: int
  b: int
}
check "b positive": b > 0
let t = a + b
)");
  auto roster = make_roster(p, {{"bad", "5", "0"}, {"ok", "5", "2"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  EXPECT_EQ(r.candidates[0].status, status::error);
  EXPECT_TRUE(r.candidates[0].values.at(0).is_null());
  EXPECT_EQ(r.candidates[1].values.at(0).to_string(), "7");
}

TEST(LazyTest, FunctionArgumentsAreNotLazy) {
  auto p = compile_ok(R"(scheme "eager"
input {
  id: text key
  a: int
  b: int
}
require "r": least(a / b, 1) >= 0
)");
  auto r = merit::evaluate(p, make_roster(p, {{"zero", "5", "0"}}), lenient());
  ASSERT_EQ(r.candidates[0].status, status::error);
  EXPECT_EQ(r.candidates[0].reasons, (std::vector<std::string>{"division by zero in 'a / b'"}));
}

TEST(LazyTest, OptionalFieldReadOnlyBehindPresent) {
  auto p = compile_ok(R"(scheme "optional"
input {
  id: text key
  sales: decimal optional
}
require "big": present(sales) and sales > 10
veto "huge": sales > 1000
)");
  auto roster = make_roster(p, {{"none", ""}, {"some", "20"}});
  auto r = merit::evaluate(p, roster, lenient());
  EXPECT_EQ(r.candidates[0].status, status::ineligible);  // the veto is never reached
  EXPECT_EQ(r.candidates[1].status, status::eligible);

  auto p2 = compile_ok(R"(scheme "unguarded"
input {
  id: text key
  sales: decimal optional
}
veto "huge": sales > 1000
)");
  auto r2 = merit::evaluate(p2, make_roster(p2, {{"none", ""}}), lenient());
  EXPECT_EQ(r2.candidates[0].status, status::error);
  EXPECT_EQ(r2.candidates[0].reasons, (std::vector<std::string>{"field 'sales': missing value"}));
}

// ---- row errors -------------------------------------------------------------------

TEST(RowErrorTest, IntOverflowIsAnErrorOfTheRow) {
  auto p = compile_ok(R"(scheme "overflow"
input {
  id: text key
  x: int
}
score = x * x
)");
  // 4000000000^2 = 1.6e19 > 2^63 - 1 (about 9.22e18); 3000000000^2 = 9e18 fits.
  auto roster = make_roster(p, {{"big", "4000000000"}, {"ok", "3000000000"}});
  auto r = merit::evaluate(p, roster, lenient());
  EXPECT_EQ(r.candidates[0].status, status::error);
  EXPECT_EQ(r.candidates[0].reasons, (std::vector<std::string>{"int overflow in 'x * x'"}));
  EXPECT_EQ(r.candidates[1].status, status::eligible);
  EXPECT_EQ(r.candidates[1].score.to_string(), "9000000000000000000");
}

TEST(RowErrorTest, StrictListsEveryErrorRowLenientEvaluatesTheRest) {
  auto p = compile_ok(R"(scheme "strict"
input {
  id: text key
  a: int
  b: int
}
score = a / b
)");
  auto roster = make_roster(p, {{"r1", "1", "0"}, {"r2", "1", "2"}, {"r3", "3", "0"}, {"r4", "", "1"}});
  try {
    merit::evaluate(p, roster, {});
    FAIL() << "strict mode must throw";
  } catch (const merit::evaluation_error& e) {
    auto rows = e.rows();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id.to_string(), "r1");
    EXPECT_EQ(rows[1].id.to_string(), "r3");
    EXPECT_EQ(rows[2].id.to_string(), "r4");
    const std::string what = e.what();
    EXPECT_NE(what.find("r1"), std::string::npos) << what;
    EXPECT_NE(what.find("r3"), std::string::npos) << what;
    EXPECT_NE(what.find("field 'a': missing value"), std::string::npos) << what;
  }
  auto r = merit::evaluate(p, roster, lenient());
  EXPECT_EQ(statuses(r), (std::vector<std::string>{"error", "eligible", "error", "error"}));
  EXPECT_EQ(r.candidates[1].score.to_string(), "0.5");
  EXPECT_EQ(r.candidates[0].reasons, (std::vector<std::string>{"division by zero in 'a / b'"}));
  EXPECT_EQ(r.errors, 3u);
  EXPECT_EQ(r.eligible, 1u);
}

TEST(RowErrorTest, MissingKeyGivesNullId) {
  auto p = compile_ok(R"(scheme "key"
input {
  id: int key
  x: int
}
)");
  auto r = merit::evaluate(p, make_roster(p, {{"", "1"}, {"7", "2"}}), lenient());
  EXPECT_TRUE(r.candidates[0].id.is_null());
  EXPECT_EQ(r.candidates[0].status, status::error);
  EXPECT_EQ(r.candidates[1].id, merit::value::of_int(7));
}

TEST(RowErrorTest, ClampWithLoAboveHi) {
  auto p = compile_ok(R"(scheme "clamp"
input {
  id: text key
  x: int
  lo: int
}
score = clamp(x, lo, 10)
)");
  auto r = merit::evaluate(p, make_roster(p, {{"bad", "5", "11"}, {"ok", "50", "0"}}), lenient());
  EXPECT_EQ(r.candidates[0].status, status::error);
  EXPECT_EQ(r.candidates[1].score.to_string(), "10");
}

// ---- rules ------------------------------------------------------------------------

TEST(RuleTest, RequiresListEveryFailureAndErrorsWin) {
  auto p = compile_ok(R"(scheme "rules"
input {
  id: text key
  a: int
  b: int
}
require "first": a > 0
require "second": b > 0
require "third": a / b > 0
veto "v": a > 100
)");
  auto roster = make_roster(p, {{"both", "-1", "-1"}, {"err", "-1", "0"}, {"veto", "200", "1"}, {"ok", "1", "1"}});
  auto r = merit::evaluate(p, roster, lenient());
  // both: a / b = 1 > 0 holds, the first two fail.
  EXPECT_EQ(r.candidates[0].status, status::ineligible);
  EXPECT_EQ(r.candidates[0].reasons, (std::vector<std::string>{"first", "second"}));
  // err: "first" and "second" fail, but dividing by zero makes it an error.
  EXPECT_EQ(r.candidates[1].status, status::error);
  EXPECT_EQ(r.candidates[1].reasons, (std::vector<std::string>{"division by zero in 'a / b'"}));
  EXPECT_EQ(r.candidates[2].status, status::vetoed);
  EXPECT_EQ(r.candidates[2].reasons, (std::vector<std::string>{"v"}));
  EXPECT_TRUE(r.candidates[2].score.is_null());
  EXPECT_EQ(r.candidates[3].status, status::eligible);
}

TEST(RuleTest, CheckFailuresAreDataErrorsOutsideAggregates) {
  auto p = compile_ok(R"(scheme "ballots"
input {
  id: text key
  ballots: int
  receipts: int
}
check "ballots within receipts": ballots <= receipts
let n = count()
score = ballots
)");
  auto roster = make_roster(p, {{"s1", "5", "10"}, {"s2", "11", "10"}, {"s3", "0", "0"}});
  auto r = merit::evaluate(p, roster, lenient(true));
  EXPECT_EQ(r.candidates[1].status, status::error);
  EXPECT_EQ(r.candidates[1].reasons, (std::vector<std::string>{"check failed: ballots within receipts"}));
  // The failing row is not a valid row: count() is 2.
  EXPECT_EQ(r.candidates[0].values[0].to_string(), "2");
  EXPECT_EQ(r.candidates[0].status, status::eligible);
  EXPECT_THROW(merit::evaluate(p, roster, {}), merit::evaluation_error);
}

constexpr const char* scheme12 = R"(scheme "商場星級員工"

param 年度: int = 2023

input {
  工號: text key
  單位: text
  崗位: enum("一線", "後勤")
  銷售額: decimal in [0, 100000000] optional
  外語會話: bool = false
  顧客表揚: int in [0, 1000] = 0
  有效投訴: int in [0, 1000] = 0
  技能考核: decimal in [0, 100]
  主管確認: bool = false
}

let 單位平均銷售 = avg(銷售額 where 崗位 == "一線" and present(銷售額)) over 單位

when 崗位 == "一線" {
  require "銷售額已填報": present(銷售額)
  require "完成單位平均的120%以上": present(銷售額) and 銷售額 >= 120% * 單位平均銷售
}
veto "有效投訴": 有效投訴 > 0

score = 技能考核 + least(顧客表揚, 10)

select "初選" by 單位 {
  order by score desc
  quota greatest(1, round_half_up(10% * count()))
}

select "星級員工" {
  from "初選"
  where 主管確認
  order by score desc, 顧客表揚 desc
  quota 5
  tier "三星" = 1
  tier "二星" = rest
}

output 外語接待 = if 外語會話 then "能" else "否"
)";

TEST(RuleTest, WhenGuardsApplyPerKind) {
  auto p = compile_ok(scheme12);
  auto roster = make_roster(p, {
      {"S1", "A", "一線", "1000", "true", "3", "0", "80", "true"},
      {"S2", "A", "一線", "500", "false", "12", "0", "70", "false"},
      {"S3", "A", "後勤", "", "false", "0", "0", "90", "false"},
      {"S4", "A", "一線", "", "false", "0", "0", "60", "false"},
      {"S5", "B", "一線", "2000", "false", "1", "1", "85", "false"},
      {"S6", "B", "一線", "1000", "true", "0", "0", "75", "false"},
  });
  auto r = merit::evaluate(p, roster, lenient(true));
  // Unit A front-line average (S1, S2 present): (1000 + 500) / 2 = 750, 120% = 900.
  // Unit B: (2000 + 1000) / 2 = 1500, 120% = 1800.
  EXPECT_EQ(let_texts(r, 0), (std::vector<std::string>{"750", "750", "750", "750", "1500", "1500"}));
  EXPECT_EQ(statuses(r),
            (std::vector<std::string>{"eligible", "ineligible", "eligible", "ineligible", "vetoed", "ineligible"}));
  EXPECT_EQ(r.candidates[1].reasons, (std::vector<std::string>{"完成單位平均的120%以上"}));
  // S4 is front-line without sales: both requires fail, in source order.
  EXPECT_EQ(r.candidates[3].reasons, (std::vector<std::string>{"銷售額已填報", "完成單位平均的120%以上"}));
  EXPECT_EQ(r.candidates[4].reasons, (std::vector<std::string>{"有效投訴"}));
  // S1: 80 + least(3, 10) = 83; S3 (back office, no sales rule): 90 + 0.
  EXPECT_EQ(r.candidates[0].score.to_string(), "83");
  EXPECT_EQ(r.candidates[2].score.to_string(), "90");
  ASSERT_EQ(r.output_names, (std::vector<std::string>{"外語接待"}));
  std::vector<std::string> outs;
  for (const auto& c : r.candidates) outs.push_back(c.outputs.at(0).to_string());
  EXPECT_EQ(outs, (std::vector<std::string>{"能", "否", "否", "否", "否", "能"}));
}

// ---- params -------------------------------------------------------------------------

TEST(ParamTest, ValuesAndUsageErrors) {
  auto p = compile_ok(R"(scheme "params"
param bar: decimal
param tag: text = "x"
input {
  id: text key
  v: decimal
}
require "above bar": v >= bar
)");
  auto roster = make_roster(p, {{"a", "1.5"}, {"b", "0.5"}});
  merit::eval_options o;
  o.params = {{"bar", "1"}};
  auto r = merit::evaluate(p, roster, o);
  EXPECT_EQ(r.candidates[0].status, status::eligible);
  EXPECT_EQ(r.candidates[1].status, status::ineligible);
  EXPECT_THROW(merit::evaluate(p, roster, {}), merit::usage_error);  // bar has no default
  o.params = {{"bar", "1"}, {"bar", "2"}};
  EXPECT_THROW(merit::evaluate(p, roster, o), merit::usage_error);  // repeated
  o.params = {{"bar", "1"}, {"nope", "2"}};
  EXPECT_THROW(merit::evaluate(p, roster, o), merit::usage_error);  // unknown
  o.params = {{"bar", "1e3"}};
  EXPECT_THROW(merit::evaluate(p, roster, o), merit::usage_error);  // not a decimal
}

// ---- explain --------------------------------------------------------------------------

TEST(ExplainTest, ListsLetsRulesAndTheValuesTheyRead) {
  auto p = compile_ok(R"(scheme "explained"
input {
  id: text key
  director: decimal
  staff: decimal
  complaints: int = 0
  absent_days: decimal = 0
}
let weighted_score = weighted(director: 60%, staff: 40%)
score = weighted_score
veto "有效投訴": complaints > 0
cap "曠工": absent_days >= 1 => "二等獎"
select "star" {
  order by score desc
  quota 1
  tier "一等獎" = 1
  tier "二等獎" = rest
}
)");
  auto roster = make_roster(p, {{"A1", "90", "80", "0", "2"}, {"A2", "70", "70", "1", "0"}});
  auto r = merit::evaluate(p, roster, lenient());
  const std::string text = merit::explain(p, roster, r, "A1", lenient());
  // 60% * 90 + 40% * 80 = 54 + 32 = 86
  EXPECT_NE(text.find("weighted_score = 86"), std::string::npos) << text;
  EXPECT_NE(text.find("status: eligible"), std::string::npos) << text;
  EXPECT_NE(text.find("score: 86"), std::string::npos) << text;
  EXPECT_NE(text.find("veto \"有效投訴\": false"), std::string::npos) << text;
  EXPECT_NE(text.find("complaints = 0"), std::string::npos) << text;
  EXPECT_NE(text.find("cap \"曠工\" => \"二等獎\": true"), std::string::npos) << text;
  EXPECT_NE(text.find("absent_days = 2"), std::string::npos) << text;
  EXPECT_NE(text.find("caps: 曠工"), std::string::npos) << text;
  const std::string vetoed = merit::explain(p, roster, r, "A2", lenient());
  EXPECT_NE(vetoed.find("status: vetoed"), std::string::npos) << vetoed;
  EXPECT_NE(vetoed.find("veto \"有效投訴\": true"), std::string::npos) << vetoed;
  EXPECT_NE(vetoed.find("cap \"曠工\" => \"二等獎\": not evaluated"), std::string::npos) << vetoed;
  EXPECT_THROW(merit::explain(p, roster, r, "nobody"), merit::usage_error);
}

}  // namespace
