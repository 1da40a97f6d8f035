// SPDX-License-Identifier: Apache-2.0
// merit - the command line's --time-limit: exit code 4 when exceeded, nothing printed
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string big_args =
    std::string(MERIT_SHARED_DIR) + "/bench/library.merit " + std::string(MERIT_BUDGET_ROSTER);
const std::string small_args = std::string(MERIT_SOURCE_DIR) + "/examples/04-library/scheme.merit " +
                               std::string(MERIT_SOURCE_DIR) + "/examples/04-library/roster.csv";

merit::test::command_result run(const std::string& args, const char* streams = " 2>&1") {
  return merit::test::run_command(std::string(MERIT_CLI) + " " + args + streams);
}

TEST(CliBudgetTest, TinyLimitExitsFourAndPrintsNothing) {
  const auto both = run("run " + big_args + " --lenient --time-limit 0.001");
  EXPECT_EQ(both.code, 4) << both.output;
  EXPECT_TRUE(contains(both.output, "evaluation stopped after ")) << both.output;
  EXPECT_TRUE(contains(both.output, "(--time-limit)")) << both.output;
  const auto out = run("run " + big_args + " --lenient --time-limit=0.001 --format json", " 2>/dev/null");
  EXPECT_EQ(out.code, 4);
  EXPECT_EQ(out.output, "");  // no partial result on standard output
}

TEST(CliBudgetTest, GenerousLimitGivesTheSameOutput) {
  const auto plain = run("run " + small_args + " --format json", " 2>/dev/null");
  ASSERT_EQ(plain.code, 0);
  const auto limited = run("run " + small_args + " --format json --time-limit 86400", " 2>/dev/null");
  EXPECT_EQ(limited.code, 0);
  EXPECT_EQ(limited.output, plain.output);
  const auto decimal = run("run " + small_args + " --format json --time-limit 3600.5", " 2>/dev/null");
  EXPECT_EQ(decimal.code, 0);
  EXPECT_EQ(decimal.output, plain.output);
}

TEST(CliBudgetTest, BadLimitsAreUsageErrors) {
  for (const char* bad : {"0", "0.000", "-1", "abc", "1.", ".5", "1.0001", "1e3", "99999999999"}) {
    const auto r = run("run " + small_args + " --time-limit " + bad);
    EXPECT_EQ(r.code, 3) << bad << ": " << r.output;
    EXPECT_TRUE(contains(r.output, "--time-limit needs SECONDS")) << bad << ": " << r.output;
  }
  EXPECT_EQ(run("run " + small_args + " --time-limit").code, 3);
  EXPECT_EQ(run("run " + small_args + " --time-limit 1 --time-limit 2").code, 3);
}

TEST(CliBudgetTest, HelpDocumentsTheOptionAndExitCode) {
  const auto help = run("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_TRUE(contains(help.output, "--time-limit SECONDS")) << help.output;
  EXPECT_TRUE(contains(help.output, "4 the evaluation exceeded its time limit")) << help.output;
}

TEST(CliBudgetTest, ExplainHonoursTheLimit) {
  const auto r = run("explain " + big_args + " L0000001 --time-limit 0.001");
  EXPECT_EQ(r.code, 4) << r.output;
}

}  // namespace
