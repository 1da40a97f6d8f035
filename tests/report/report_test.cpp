// SPDX-License-Identifier: Apache-2.0
// merit - the JSON, CSV and table writers on results built by hand
#include <gtest/gtest.h>

#include <string>

#include "merit/report.hpp"
#include "merit/result.hpp"

namespace {

using merit::value;

// A small result of one stage "年度" (tiers 一等, 二等) with one partition
// group=正式, quota 2, and three candidates:
//   A1  eligible, score 87.25, first tier, rank 1, a cap, output 甲, let w = 0.5
//   B2  eligible, score 80, entered but not placed, rank 3, tied, output null, w = 7
//   C3  vetoed (有效投訴), never entered the stage (no stage place), output a date
merit::result small_result() {
  merit::result r;
  r.scheme = "服務之星";
  r.let_names = {"w"};
  r.output_names = {"grade"};
  merit::stage_summary st;
  st.name = "年度";
  st.tiers = {"一等", "二等"};
  merit::partition_summary p;
  p.values = {{"group", value::of_enum(0, "正式")}};
  p.quota = value::of_int(2);
  p.tiers = {{"一等", 1, 1}, {"二等", 1, 0}};
  p.entrants = 2;
  p.warnings = {"1 place of 二等 unfilled"};
  st.partitions.push_back(p);
  r.stages.push_back(st);

  merit::candidate a;
  a.row = 0;
  a.id = value::of_text("A1");
  a.status = merit::status::eligible;
  a.score = value::of_decimal(merit::decimal::parse("87.250"));  // canonical form drops the zero
  a.caps = {"曠工"};
  a.outputs = {value::of_text("甲")};
  a.values = {value::of_decimal(merit::decimal::parse("0.5"))};
  a.stages = {{true, true, 0, 1, false, 0}};
  a.selected = true;
  a.tier = value::of_text("一等");
  a.rank = value::of_int(1);

  merit::candidate b;
  b.row = 1;
  b.id = value::of_text("B2");
  b.status = merit::status::eligible;
  b.score = value::of_decimal(merit::decimal::parse("80.0"));
  b.outputs = {value()};
  b.values = {value::of_int(7)};
  b.stages = {{true, false, -1, 3, true, 0}};
  b.rank = value::of_int(3);
  b.tie = true;

  merit::candidate c;
  c.row = 2;
  c.id = value::of_text("C3");
  c.status = merit::status::vetoed;
  c.reasons = {"有效投訴"};
  c.outputs = {value::of_date(merit::date::from_ymd(2023, 1, 5))};
  c.values = {value::of_int(0)};

  r.candidates = {a, b, c};
  r.eligible = 2;
  r.vetoed = 1;
  return r;
}

TEST(ReportJsonTest, SmallResultExactText) {
  // Written out by hand from LANGUAGE.md section 8: keys in the contract's
  // order, decimals as canonical strings ("87.250" -> "87.25", "80.0" ->
  // "80"), ints as numbers, the date as "YYYY-MM-DD", the enum member and
  // texts as strings, C3 (no stage place) as a non-entrant.
  const std::string expected =
      "{\"scheme\": \"服務之星\",\n"
      " \"summary\": {\"rows\": 3, \"eligible\": 2, \"ineligible\": 0, \"vetoed\": 1, \"errors\": 0, "
      "\"stages\": {\"年度\": [{\"partition\": {\"group\": \"正式\"}, \"quota\": 2, \"tiers\": "
      "[{\"name\": \"一等\", \"size\": 1, \"filled\": 1}, {\"name\": \"二等\", \"size\": 1, \"filled\": 0}], "
      "\"warnings\": [\"1 place of 二等 unfilled\"]}]}},\n"
      " \"candidates\": [\n"
      "  {\"id\": \"A1\", \"status\": \"eligible\", \"score\": \"87.25\", \"selected\": true, \"tier\": \"一等\", "
      "\"rank\": 1, \"reasons\": [], \"caps\": [\"曠工\"], \"tie\": false, \"outputs\": {\"grade\": \"甲\"}, "
      "\"stages\": {\"年度\": {\"selected\": true, \"tier\": \"一等\", \"rank\": 1}}},\n"
      "  {\"id\": \"B2\", \"status\": \"eligible\", \"score\": \"80\", \"selected\": false, \"tier\": null, "
      "\"rank\": 3, \"reasons\": [], \"caps\": [], \"tie\": true, \"outputs\": {\"grade\": null}, "
      "\"stages\": {\"年度\": {\"selected\": false, \"tier\": null, \"rank\": 3}}},\n"
      "  {\"id\": \"C3\", \"status\": \"vetoed\", \"score\": null, \"selected\": false, \"tier\": null, "
      "\"rank\": null, \"reasons\": [\"有效投訴\"], \"caps\": [], \"tie\": false, "
      "\"outputs\": {\"grade\": \"2023-01-05\"}, "
      "\"stages\": {\"年度\": {\"selected\": false, \"tier\": null, \"rank\": null}}}\n"
      " ]}\n";
  EXPECT_EQ(merit::to_json(small_result()), expected);
}

TEST(ReportJsonTest, ValuesComeLastAndOnlyOnRequest) {
  const merit::result r = small_result();
  EXPECT_EQ(merit::to_json(r).find("\"values\""), std::string::npos);
  merit::report_options opt;
  opt.values = true;
  const std::string json = merit::to_json(r, opt);
  // Each candidate's object ends with its values: 0.5 is a decimal (string), 7 and 0 are ints.
  EXPECT_NE(json.find("\"rank\": 1}}, \"values\": {\"w\": \"0.5\"}},\n"), std::string::npos) << json;
  EXPECT_NE(json.find("\"rank\": 3}}, \"values\": {\"w\": 7}},\n"), std::string::npos) << json;
  EXPECT_NE(json.find("\"rank\": null}}, \"values\": {\"w\": 0}}\n ]}\n"), std::string::npos) << json;
}

TEST(ReportJsonTest, EscapesQuotesBackslashesAndControlCharacters) {
  merit::result r;
  r.scheme = "a\"b\\c\nd\te\x01" "f\x7fg 星";
  const std::string json = merit::to_json(r);
  // Quote and backslash escaped, \n and \t by name, 0x01 and 0x7f as \u00XX, 星 unescaped.
  EXPECT_EQ(json,
            "{\"scheme\": \"a\\\"b\\\\c\\nd\\te\\u0001f\\u007fg 星\",\n"
            " \"summary\": {\"rows\": 0, \"eligible\": 0, \"ineligible\": 0, \"vetoed\": 0, \"errors\": 0, "
            "\"stages\": {}},\n"
            " \"candidates\": []}\n");
}

TEST(ReportJsonTest, BoolAndIntIdsAndErrorRowsWithNullId) {
  merit::result r;
  r.scheme = "s";
  r.output_names = {"ok"};
  merit::candidate a;
  a.id = value::of_int(42);
  a.status = merit::status::error;
  a.reasons = {"field 'x': missing value"};
  a.outputs = {value::of_bool(true)};
  merit::candidate b;  // key missing: id null, and no outputs at all
  b.status = merit::status::error;
  r.candidates = {a, b};
  r.errors = 2;
  const std::string json = merit::to_json(r);
  EXPECT_NE(json.find("{\"id\": 42, \"status\": \"error\", \"score\": null, \"selected\": false, \"tier\": null, "
                      "\"rank\": null, \"reasons\": [\"field 'x': missing value\"], \"caps\": [], \"tie\": false, "
                      "\"outputs\": {\"ok\": true}, \"stages\": {}}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("{\"id\": null, \"status\": \"error\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"outputs\": {\"ok\": null}, \"stages\": {}}\n ]}"), std::string::npos) << json;
}

TEST(ReportCsvTest, HeaderRowsAndQuoting) {
  merit::result r = small_result();
  {
    // A1 with two reasons that need quoting; the table is built anew (its
    // candidates are read-only).
    merit::candidate_table t;
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
      merit::candidate c = r.candidates[i];
      if (i == 0) c.reasons = {"a, b", "say \"hi\""};
      t.push_back(c);
    }
    r.candidates = std::move(t);
  }
  merit::report_options opt;
  opt.values = true;
  // RFC 4180: cells with a comma or a quote are quoted, quotes doubled;
  // reasons joined with "; "; null cells empty; let values after outputs.
  EXPECT_EQ(merit::to_csv(r, opt),
            "id,status,score,selected,tier,rank,tie,reasons,caps,grade,w\n"
            "A1,eligible,87.25,true,一等,1,false,\"a, b; say \"\"hi\"\"\",曠工,甲,0.5\n"
            "B2,eligible,80,false,,3,true,,,,7\n"
            "C3,vetoed,,false,,,false,有效投訴,,2023-01-05,0\n");
}

TEST(ReportTableTest, AlignsCjkByDisplayWidth) {
  merit::result r;
  r.scheme = "s";
  merit::candidate a;
  a.id = value::of_text("甲乙丙");  // three wide characters: six columns
  a.status = merit::status::eligible;
  a.score = value::of_int(9);
  a.tier = value::of_text("一等");
  a.rank = value::of_int(1);
  merit::candidate b;
  b.id = value::of_text("B");
  b.status = merit::status::vetoed;
  b.reasons = {"投訴"};
  r.candidates = {a, b};
  r.eligible = 1;
  r.vetoed = 1;
  // Column widths by hand: id max(2, 6, 1) = 6; status max(6, 8, 6) = 8;
  // score 5 (right-aligned); tier max(4, 4) = 4; rank 4 (right-aligned);
  // two spaces between columns, no trailing blanks.
  EXPECT_EQ(merit::to_table(r),
            "s: 2 rows, 1 eligible, 0 ineligible, 1 vetoed, 0 errors\n"
            "\n"
            "id      status    score  tier  rank  reasons\n"
            "甲乙丙  eligible      9  一等     1\n"
            "B       vetoed                       投訴\n");
}

TEST(ReportTableTest, TieMarkerCapsAndStageSummary) {
  const std::string t = merit::to_table(small_result());
  // B2 is tied: its rank carries the marker (A1's rank a blank in its
  // place) and the legend follows the table. Columns: id 2, status 8, score
  // 5 right-aligned, tier 4, rank 4 right-aligned ("  1 ", "  3*"), grade.
  EXPECT_NE(t.find("\nA1  eligible  87.25  一等    1   甲          cap: 曠工\n"
                   "B2  eligible     80          3*\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\n* tie: "), std::string::npos) << t;
  EXPECT_NE(t.find("cap: 曠工"), std::string::npos) << t;
  // Stage block: partition label, quota, filled/size per tier, then warnings.
  EXPECT_NE(t.find("\nstage 年度\n"
                   "  partition   quota  一等 filled/size  二等 filled/size\n"
                   "  group=正式      2               1/1               0/1\n"
                   "  warning: group=正式: 1 place of 二等 unfilled\n"),
            std::string::npos)
      << t;
}

}  // namespace
