// SPDX-License-Identifier: Apache-2.0
// merit - the command line, run as a user runs it
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct run_result {
  int code = -1;
  std::string output;  // stdout and stderr together
};

run_result run(const std::string& args) {
  run_result r;
  const std::string cmd = std::string(MERIT_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "merit-cli-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
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
