// SPDX-License-Identifier: Apache-2.0
// merit - progress lines on stderr for rosters above a million rows: on a
// terminal only (LANGUAGE.md "Command line"; the CLI requirement)
//
// The terminal comes from util-linux's `script`, which runs the command with
// a pseudo-terminal as its stdin, stdout and stderr. The expected lines are
// the three phases the CLI reports, written out by hand.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

const std::string scheme = std::string(MERIT_SHARED_DIR) + "/bench/library.merit";

std::string run_csv(const std::string& roster) {
  return std::string(MERIT_CLI) + " run --format csv -o /dev/null " + scheme + " " + roster;
}

// `command` run on a pseudo-terminal; everything it wrote there.
merit::test::command_result on_terminal(const std::string& command) {
  return merit::test::run_command("script -qfec '" + command + "' /dev/null");
}

TEST(CliProgressTest, AboveAMillionRowsOnATerminal) {
  const std::string roster = merit::test::generated_roster(1'000'001);
  const auto tty = on_terminal(run_csv(roster));
  ASSERT_EQ(tty.code, 0) << tty.output;
  EXPECT_NE(tty.output.find("merit: read 1000001 rows; evaluating..."), std::string::npos) << tty.output;
  EXPECT_NE(tty.output.find("merit: evaluated; writing csv..."), std::string::npos) << tty.output;
  EXPECT_NE(tty.output.find("merit: done"), std::string::npos) << tty.output;
  // The same run with stderr not a terminal prints nothing there.
  const auto piped = merit::test::run_command(run_csv(roster) + " 2>&1");
  ASSERT_EQ(piped.code, 0) << piped.output;
  EXPECT_EQ(piped.output, "");
}

TEST(CliProgressTest, AMillionRowsOrFewerPrintNothingEvenOnATerminal) {
  const std::string roster = merit::test::generated_roster(1'000'000);
  const auto tty = on_terminal(run_csv(roster));
  ASSERT_EQ(tty.code, 0) << tty.output;
  EXPECT_EQ(tty.output.find("merit:"), std::string::npos) << tty.output;
}

}  // namespace
