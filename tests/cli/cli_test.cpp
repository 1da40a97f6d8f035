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

}  // namespace
