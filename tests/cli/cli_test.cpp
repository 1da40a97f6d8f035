// SPDX-License-Identifier: Apache-2.0
// merit - the command line, run as a user runs it
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

using merit::test::write_temp;

merit::test::command_result run(const std::string& args) {
  return merit::test::run_command(std::string(MERIT_CLI) + " " + args + " 2>&1");
}

// Standard output alone (standard error discarded).
merit::test::command_result run_stdout(const std::string& args) {
  return merit::test::run_command(std::string(MERIT_CLI) + " " + args + " 2>/dev/null");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string library = std::string(MERIT_SOURCE_DIR) + "/examples/04-library/";
const std::string library_args = library + "scheme.merit " + library + "roster.csv";

// A scheme with one int param and no default.
std::string param_scheme() {
  return write_temp("param.merit",
                    "scheme \"p\"\n"
                    "param 年度: int\n"
                    "input {\n"
                    "  id: text key\n"
                    "  v: decimal in [0, 100]\n"
                    "}\n"
                    "score = v + 年度 - 年度\n");
}

TEST(CliTest, CheckAcceptsTheBenchmarkScheme) {
  const auto r = run(std::string("check ") + MERIT_SHARED_DIR + "/bench/library.merit");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(CliTest, CheckReportsFileLineColumnAndCaret) {
  const std::string path = write_temp("bad.merit",
                                      "scheme \"s\"\n"
                                      "input {\n"
                                      "  id: text key\n"
                                      "  staff: decimal\n"
                                      "}\n"
                                      "let 總分 = stafff * 2\n");
  const auto r = run("check " + path);
  EXPECT_EQ(r.code, 1);
  // Line 6; 'stafff' is the 10th character of the line (總 and 分 count once each).
  EXPECT_NE(r.output.find(path + ":6:10: error: unknown name 'stafff' (did you mean 'staff'?)\n"
                                 "let 總分 = stafff * 2\n"
                                 "           ^~~~~~\n"),
            std::string::npos)
      << r.output;
}

TEST(CliTest, MissingFileIsAnIoError) {
  const auto r = run("check /nonexistent/x.merit");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.output.find("cannot open '/nonexistent/x.merit'"), std::string::npos) << r.output;
}

TEST(CliTest, UsageErrors) {
  EXPECT_EQ(run("").code, 3);
  EXPECT_EQ(run("frobnicate").code, 3);
  EXPECT_EQ(run("check").code, 3);
  const auto r = run("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.output.rfind("merit ", 0), 0u) << r.output;
}

TEST(CliRunTest, DefaultFormatIsAnAlignedTable) {
  const auto r = run_stdout("run " + library_args);
  EXPECT_EQ(r.code, 0) << r.output;
  // F01's score: 20% * (96 + 95 + 94) + 40% * 97 = 57 + 38.8 = 95.8; its
  // tier and rank are the reference evaluator's (examples/04-library/expected.json).
  EXPECT_TRUE(contains(r.output, "\nid   status    score  tier    rank  reasons\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "\nF01  eligible   95.8  一等獎    2\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "\nstage 年度服務之星\n")) << r.output;
}

TEST(CliRunTest, JsonFormat) {
  const auto r = run_stdout("run " + library_args + " --format json");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\"scheme\": \"館務服務之星\",\n \"summary\": {\"rows\": 32, \"eligible\": 30, "
                           "\"ineligible\": 0, \"vetoed\": 2, \"errors\": 0, ",
                           0),
            0u)
      << r.output;
  EXPECT_TRUE(contains(r.output, "{\"id\": \"F05\", \"status\": \"vetoed\", \"score\": null, \"selected\": false, "
                                 "\"tier\": null, \"rank\": null, \"reasons\": [\"有效投訴\"]"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "\"values\"")) << r.output;
}

TEST(CliRunTest, CsvFormatAndExplainAddsLetColumns) {
  const auto r = run_stdout("run " + library_args + " --format=csv --explain");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("id,status,score,selected,tier,rank,tie,reasons,caps,weighted_score,carry_over\n", 0), 0u)
      << r.output;
  // F01: weighted 95.8, no prize last year (carry-over 0).
  EXPECT_TRUE(contains(r.output, "\nF01,eligible,95.8,true,一等獎,2,false,,,95.8,0\n")) << r.output;
}

TEST(CliRunTest, ExplainAddsValuesToJson) {
  const auto r = run_stdout("run " + library_args + " --format json --explain");
  EXPECT_EQ(r.code, 0) << r.output;
  // F02 won first prize last year: carry-over 1, weighted 96, score 95.
  EXPECT_TRUE(contains(r.output, "\"values\": {\"weighted_score\": \"96\", \"carry_over\": \"1\"}}")) << r.output;
}

TEST(CliRunTest, OutputFile) {
  const std::string out = (merit::test::temp_dir() / "out.json").string();
  const auto r = run("run " + library_args + " --format json -o " + out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(merit::test::slurp(out), run_stdout("run " + library_args + " --format json").output);
  const auto bad = run("run " + library_args + " -o /nonexistent-dir/out.json");
  EXPECT_EQ(bad.code, 3);
  EXPECT_TRUE(contains(bad.output, "cannot write '/nonexistent-dir/out.json'")) << bad.output;
}

TEST(CliRunTest, UsageErrorsExitThree) {
  EXPECT_EQ(run("run " + library_args + " --format xml").code, 3);
  EXPECT_EQ(run("run " + library_args + " --format").code, 3);
  EXPECT_EQ(run("run " + library_args + " --format json --format csv").code, 3);
  EXPECT_EQ(run("run " + library_args + " --frobnicate").code, 3);
  EXPECT_EQ(run("run " + library + "scheme.merit").code, 3);
  EXPECT_EQ(run("run " + library_args + " extra").code, 3);
  EXPECT_EQ(run("explain " + library_args).code, 3);
  EXPECT_EQ(run("explain " + library_args + " F01 --lenient").code, 3);
  const auto unknown = run("run " + library_args + " --frobnicate");
  EXPECT_TRUE(contains(unknown.output, "unknown option '--frobnicate'")) << unknown.output;
}

TEST(CliRunTest, ParamErrorsExitThree) {
  const std::string scheme = param_scheme();
  const std::string roster = write_temp("param.csv", "id,v\nA1,50\n");
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param 年度=2023").code, 0);
  const auto missing = run("run " + scheme + " " + roster);
  EXPECT_EQ(missing.code, 3) << missing.output;
  EXPECT_TRUE(contains(missing.output, "年度")) << missing.output;
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param 年度=abc").code, 3);
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param 年度=1 --param 年度=2").code, 3);
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param 年度=1 --param other=2").code, 3);
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param 年度").code, 3);
  EXPECT_EQ(run("run " + scheme + " " + roster + " --param").code, 3);
}

TEST(CliRunTest, CompileErrorExitsOne) {
  const std::string bad = write_temp("bad-run.merit", "scheme \"s\"\ninput {\n  id: text key\n}\nscore = nope\n");
  const std::string roster = write_temp("bad-run.csv", "id\nA1\n");
  const auto r = run("run " + bad + " " + roster);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, bad + ":5:9: error:")) << r.output;
}

TEST(CliRunTest, DataErrorsListEveryBadRowWithItsLine) {
  // Line 1 is the header; A2 (line 3) is not a decimal, A4 (line 5) is empty.
  const std::string roster = write_temp("two-bad.csv", "id,v\nA1,50\nA2,abc\nA3,70\nA4,\n");
  const std::string args = "run " + param_scheme() + " " + roster + " --param 年度=2023";
  const auto r = run(args);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, roster + ":3: field 'v': ")) << r.output;
  EXPECT_TRUE(contains(r.output, roster + ":5: field 'v': missing value\n")) << r.output;
  EXPECT_FALSE(contains(r.output, roster + ":2:")) << r.output;
  EXPECT_FALSE(contains(r.output, roster + ":4:")) << r.output;
  EXPECT_EQ(run_stdout(args).output, "");  // nothing is reported as a result
  // Lenient: the bad rows are reported with status error, the rest evaluated.
  const auto lenient = run_stdout(args + " --lenient --format csv");
  EXPECT_EQ(lenient.code, 0) << lenient.output;
  EXPECT_TRUE(contains(lenient.output, "\nA1,eligible,50,")) << lenient.output;
  EXPECT_TRUE(contains(lenient.output, "\nA4,error,,false,,,false,field 'v': missing value,")) << lenient.output;
}

TEST(CliRunTest, RosterProblemsAsAWholeAndIo) {
  const auto twice = run("run " + param_scheme() + " " + write_temp("twice.csv", "id,v,id\nA1,5,A1\n") +
                         " --param 年度=1");
  EXPECT_EQ(twice.code, 2) << twice.output;
  EXPECT_TRUE(contains(twice.output, "twice.csv:1: ")) << twice.output;
  EXPECT_EQ(run("run " + param_scheme() + " " + write_temp("empty.csv", "") + " --param 年度=1").code, 2);
  const auto missing = run("run " + param_scheme() + " /nonexistent/r.csv --param 年度=1");
  EXPECT_EQ(missing.code, 3) << missing.output;
  EXPECT_EQ(run("run /nonexistent/s.merit " + library + "roster.csv").code, 3);
}

TEST(CliRunTest, IgnoredColumnIsAWarningOnStderr) {
  const std::string roster = write_temp("extra.csv", "id,v,note\nA1,5,x\n");
  const auto r = run("run " + param_scheme() + " " + roster + " --param 年度=1 --format csv");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, roster + ": warning: ")) << r.output;
  EXPECT_TRUE(contains(r.output, "note")) << r.output;
  EXPECT_EQ(run_stdout("run " + param_scheme() + " " + roster + " --param 年度=1 --format csv").output,
            "id,status,score,selected,tier,rank,tie,reasons,caps\nA1,eligible,5,false,,,false,,\n");
}

TEST(CliRunTest, HelpListsRunAndExplain) {
  const auto r = run("--help");
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(contains(r.output, "merit run SCHEME.merit ROSTER.csv")) << r.output;
  EXPECT_TRUE(contains(r.output, "merit explain SCHEME.merit ROSTER.csv ID")) << r.output;
  EXPECT_TRUE(contains(r.output, "--explain")) << r.output;
}

TEST(CliExplainTest, VetoedCandidate) {
  // F05 (line 6) has complaints = 1: the veto decided.
  const auto r = run("explain " + library_args + " F05");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "status: vetoed\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "  veto \"有效投訴\": true\n      complaints = 1\n")) << r.output;
}

TEST(CliExplainTest, CappedCandidate) {
  // F03 (line 4): absent_days = 1, so "曠工1天及以上" bars the first prize;
  // weighted 20% * (96 + 96 + 97) + 40% * 96.5 = 57.8 + 38.6 = 96.4.
  const auto r = run("explain " + library_args + " F03");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "score: 96.4\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "  weighted_score = 96.4\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "  cap \"曠工1天及以上\" => \"二等獎\": true\n      absent_days = 1\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "caps: 曠工1天及以上\n")) << r.output;
}

TEST(CliExplainTest, TiedCandidates) {
  // F10: 88 * 100% - 0 + bonus 0.5 = 88.5; F11: 88.5. Equal scores, no caps,
  // the key breaks the order: F10 takes the last third-prize place, F11 none,
  // so both are flagged (the reference evaluator agrees).
  const auto json = run_stdout("run " + library_args + " --format json");
  EXPECT_TRUE(contains(json.output, "{\"id\": \"F10\", \"status\": \"eligible\", \"score\": \"88.5\", "
                                    "\"selected\": true, \"tier\": \"三等獎\", \"rank\": 10, \"reasons\": [], "
                                    "\"caps\": [], \"tie\": true"))
      << json.output;
  EXPECT_TRUE(contains(json.output, "{\"id\": \"F11\", \"status\": \"eligible\", \"score\": \"88.5\", "
                                    "\"selected\": false, \"tier\": null, \"rank\": 11, \"reasons\": [], "
                                    "\"caps\": [], \"tie\": true"))
      << json.output;
  const auto r = run("explain " + library_args + " F11");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "score: 88.5\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "caps: (none)\n")) << r.output;
  // How the stage placed it: rank 11 of the 19 entrants of 正式館員, no tier,
  // F10 just above with the last third prize, and the tie.
  EXPECT_TRUE(contains(r.output, "  partition: group = 正式館員\n  order: score desc = 88.5\n"
                                 "  rank: 11 of 19\n  tier: none\n  just above: F10 (rank 10, 三等獎)\n"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "  tie: equal on every order key")) << r.output;
}

TEST(CliExplainTest, UnknownIdIsAUsageError) {
  const auto r = run("explain " + library_args + " NOPE");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "NOPE")) << r.output;
}

}  // namespace
