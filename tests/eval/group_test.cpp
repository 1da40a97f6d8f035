// SPDX-License-Identifier: Apache-2.0
// merit - candidates built from the roster's rows (`candidates by`,
// docs/language.md section 15). Every expected value is worked out by hand
// in the comment above it.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "merit/merit.hpp"

namespace {

merit::program compile(const std::string& scheme) {
  auto compiled = merit::compile(scheme, "case.merit");
  std::string diags;
  for (const auto& d : compiled.diagnostics) diags += merit::format_diagnostic(compiled.source, d);
  EXPECT_TRUE(compiled.ok()) << diags;
  return *compiled.program;
}

merit::result run(const merit::program& prog, const std::string& csv, bool lenient = true) {
  merit::roster roster = merit::read_csv_text(prog.inputs(), csv, "case.csv");
  merit::eval_options opt;
  opt.lenient = lenient;
  return merit::evaluate(prog, roster, opt);
}

// "id status score reasons" per candidate, in order.
std::string listing(const merit::result& r) {
  std::string s;
  for (const auto& c : r.candidates) {
    s += c.id.to_string() + ' ' + std::string(merit::to_string(c.status)) + ' ' + c.score.to_string();
    for (const auto& why : c.reasons) s += " [" + why + "]";
    s += '\n';
  }
  return s;
}

// A tally sheet per assistant (a line with the shop, the name and the
// management's judgement) and one line per ballot pasted on it.
const char* const ballots = R"(scheme "t"
input {
  工號: text
  店面: text
  姓名: text
  愛崗敬業: bool = false
  小票編號: text optional
  點數: int in [0, 5] = 1
}
candidates by 工號 {
  店面
  姓名
  愛崗敬業
  得票數 = count(where present(小票編號))
  點數合計 = sum(點數 where present(小票編號))
}
require "愛崗敬業": 愛崗敬業
score = 得票數
select "星" by 店面 {
  order by score desc
  quota 1
}
output 總點數 = 點數合計
)";

TEST(GroupTest, RowsBecomeCandidatesInTheOrderTheyFirstCome) {
  // Rows: A1's sheet (line 2), A2's sheet (3), then ballots R1 for A1 (4),
  // R2 for A2 (5), R3 for A2 with 3 points (6), and A3's sheet (7).
  // A1: 1 ballot, 1 point; A2: 2 ballots, 1 + 3 = 4 points; A3: no ballot,
  // 0 and 0. A3's 愛崗敬業 is given by no row: its default, false, so A3
  // is ineligible. The star of 北 is A2 (2 > 1).
  const auto prog = compile(ballots);
  const auto r = run(prog,
                     "工號,店面,姓名,愛崗敬業,小票編號,點數\n"
                     "A1,北,甲,true,,\nA2,北,乙,true,,\nA1,,,,R1,\nA2,,,,R2,\nA2,,,,R3,3\nA3,北,丙,,,\n");
  EXPECT_EQ(listing(r), "A1 eligible 1\nA2 eligible 2\nA3 ineligible null [愛崗敬業]\n");
  std::string totals;
  for (const auto& c : r.candidates) totals += c.outputs.at(0).to_string() + ' ';
  EXPECT_EQ(totals, "1 4 0 ");
  EXPECT_TRUE(r.candidates[1].selected);
  // Each candidate's row is the roster row where its rows begin: A3's sheet
  // is the sixth row.
  EXPECT_EQ(r.candidates[0].row, 0u);
  EXPECT_EQ(r.candidates[1].row, 1u);
  EXPECT_EQ(r.candidates[2].row, 5u);
}

TEST(GroupTest, NoRowIsDroppedSilently) {
  // A1: its ballot on line 4 has 9 points, outside [0, 5]: A1 is an error
  // naming line 4. A2: lines 3 and 5 give 店面 北 and 南: an error naming
  // both. Line 6 has no 工號: a candidate of its own, without id. A3's
  // sheet gives no 姓名, nor does any other row of A3: an error.
  const auto prog = compile(ballots);
  const auto r = run(prog,
                     "工號,店面,姓名,愛崗敬業,小票編號,點數\n"
                     "A1,北,甲,true,,\nA2,北,乙,true,,\nA1,,,,R1,9\nA2,南,,,R2,\n,,,,R3,\nA3,北,,true,,\n");
  EXPECT_EQ(listing(r),
            "A1 error null [line 4: field '點數': 9 is outside [0, 5]]\n"
            "A2 error null [field '店面': line 3 gives '北', line 5 gives '南']\n"
            "null error null [line 6: field '工號': missing value]\n"
            "A3 error null [field '姓名': missing value (no row of this candidate gives it)]\n");
  // Strict mode: the evaluation fails, naming each candidate by its rows.
  const merit::roster roster = merit::read_csv_text(
      prog.inputs(), "工號,店面,姓名,愛崗敬業,小票編號,點數\nA1,北,甲,true,,\nA1,,,,R1,9\n", "case.csv");
  try {
    merit::evaluate(prog, roster);
    ADD_FAILURE() << "strict evaluation did not fail";
  } catch (const merit::evaluation_error& e) {
    EXPECT_NE(std::string(e.what()).find("row 1 (line 2) [A1]: line 3: field '點數': 9 is outside [0, 5]"),
              std::string::npos)
        << e.what();
  }
}

TEST(GroupTest, AComputedFieldThatFailsIsADataErrorOfItsCandidate) {
  // 平均 = avg(分 where 分 > 0): B has no row with 分 > 0, so its avg is over
  // no rows: B is an error; A's average is (4 + 6) / 2 = 5. Int keys group
  // numerically (007 is 7).
  const auto prog = compile(R"(scheme "t"
input {
  編號: int
  分: int
}
candidates by 編號 {
  平均 = avg(分 where 分 > 0)
}
score = 平均
)");
  const auto r = run(prog, "編號,分\n7,4\n8,0\n007,6\n");
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_EQ(r.candidates[0].id.to_string(), "7");
  EXPECT_EQ(r.candidates[0].score.to_string(), "5");
  EXPECT_EQ(r.candidates[1].status, merit::status::error);
  ASSERT_EQ(r.candidates[1].reasons.size(), 1u);
  EXPECT_EQ(r.candidates[1].reasons[0].rfind("field '平均': ", 0), 0u) << r.candidates[1].reasons[0];
}

TEST(GroupTest, AValueMissingWhereAComputedFieldReadsItNamesTheLine) {
  // A survey line (one with a 單號) must give its 評價: line 3's does not,
  // so reading it fails inside the aggregate, and the message names line 3.
  const auto prog = compile(R"(scheme "t"
input {
  編號: text
  單號: text optional
  評價: enum("好", "差") optional
}
candidates by 編號 {
  好評 = count(where present(單號) and 評價 == "好")
}
)");
  const auto r = run(prog, "編號,單號,評價\nA,,\nA,H1,\nB,H2,好\n");
  ASSERT_EQ(r.candidates.size(), 2u);
  ASSERT_EQ(r.candidates[0].reasons.size(), 1u);
  EXPECT_EQ(r.candidates[0].reasons[0],
            "field '好評': in 'count(where present(單號) and 評價 == \"好\")': field '評價': missing value (line 3)");
  EXPECT_EQ(r.candidates[1].status, merit::status::eligible);
}

TEST(GroupTest, ExplainNamesTheCandidatesFirstRow) {
  // A2's rows begin on the second row (line 3).
  const auto prog = compile(ballots);
  const merit::roster roster = merit::read_csv_text(
      prog.inputs(), "工號,店面,姓名,愛崗敬業,小票編號,點數\nA1,北,甲,true,,\nA2,北,乙,true,,\nA2,,,,R2,\n");
  const auto r = merit::evaluate(prog, roster);
  const std::string text = merit::explain(prog, roster, r, "A2");
  EXPECT_NE(text.find("candidate: A2 (row 2 (line 3) [A2])\n"), std::string::npos) << text;
  EXPECT_NE(text.find("score: 1\n"), std::string::npos) << text;
}

TEST(GroupTest, InputsAreTheRowsFields) {
  // The roster holds the rows: their fields, a carried one optional on each
  // row and without its default (the candidate takes the default).
  const auto prog = compile(ballots);
  const auto in = prog.inputs();
  ASSERT_EQ(in.size(), 6u);
  EXPECT_EQ(in[0].name, "工號");
  EXPECT_FALSE(in[0].key);
  EXPECT_FALSE(in[0].optional);
  EXPECT_EQ(in[3].name, "愛崗敬業");
  EXPECT_TRUE(in[3].optional);
  EXPECT_FALSE(in[3].default_value.has_value());
  EXPECT_EQ(in[5].name, "點數");
  EXPECT_EQ(in[5].default_value, std::optional<std::string>("1"));
}

}  // namespace
