// SPDX-License-Identifier: Apache-2.0
// merit - helpers shared by the test suites: files, commands, generated rosters
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace merit::test {

struct command_result {
  int code = -1;
  std::string output;  ///< stdout (and stderr when the command redirects it)
};

/// Runs a shell command and captures its standard output.
inline command_result run_command(const std::string& cmd) {
  command_result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + cmd);
  std::array<char, 65536> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A scratch folder for this test process.
inline std::filesystem::path temp_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("merit-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = temp_dir() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

/// The system Python, which the reference scripts are written for.
inline std::string python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

/// A roster for library.merit from the shared deterministic generator.
inline std::string generated_roster(std::size_t rows, int seed = 2023) {
  const auto path = temp_dir() / ("roster-" + std::to_string(rows) + "-" + std::to_string(seed) + ".csv");
  if (!std::filesystem::exists(path)) {
    const auto r = run_command(python() + " " + MERIT_SHARED_DIR + "/bench/gen_roster.py " + std::to_string(rows) +
                               " --seed " + std::to_string(seed) + " -o " + path.string());
    if (r.code != 0) throw std::runtime_error("gen_roster.py failed");
  }
  return path.string();
}

}  // namespace merit::test
