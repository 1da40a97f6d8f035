// SPDX-License-Identifier: Apache-2.0
// merit - the command line
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "merit/merit.hpp"

namespace {

// Exit codes (LANGUAGE.md section 10).
constexpr int exit_ok = 0;
constexpr int exit_compile = 1;
constexpr int exit_usage = 3;

constexpr const char* usage_text =
    "usage: merit check SCHEME.merit\n"
    "       merit --help | --version\n"
    "\n"
    "commands:\n"
    "  check SCHEME.merit   compile a scheme; print every diagnostic as\n"
    "                       FILE:LINE:COL: error: MESSAGE with the line and a caret\n"
    "\n"
    "exit codes: 0 success, 1 compile error, 2 data errors, 3 usage or I/O error\n";

struct usage_error {
  std::string message;
};

bool read_file(const std::string& path, std::string& out, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open '" + path + "'";
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    why = "cannot read '" + path + "'";
    return false;
  }
  out = std::move(buf).str();
  return true;
}

// Compiles a scheme file, printing its diagnostics to stderr. Returns the
// program, or nullopt with `code` set to the exit code to use.
std::optional<merit::program> load_scheme(const std::string& path, int& code) {
  std::string text, why;
  if (!read_file(path, text, why)) {
    std::cerr << "merit: " << why << '\n';
    code = exit_usage;
    return std::nullopt;
  }
  merit::compile_result r = merit::compile(text, path);
  for (const merit::diagnostic& d : r.diagnostics) std::cerr << merit::format_diagnostic(r.source, d);
  if (!r.ok()) {
    const auto errors = std::count_if(r.diagnostics.begin(), r.diagnostics.end(), [](auto& d) {
      return d.severity == merit::severity::error;
    });
    std::cerr << errors << (errors == 1 ? " error" : " errors") << " in " << path << '\n';
    code = exit_compile;
    return std::nullopt;
  }
  code = exit_ok;
  return std::move(r.program);
}

int cmd_check(const std::vector<std::string>& args) {
  if (args.size() != 1) throw usage_error{"check takes one scheme file"};
  int code = exit_ok;
  load_scheme(args[0], code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) throw usage_error{"no command given"};
    const std::string cmd = args[0];
    args.erase(args.begin());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << usage_text;
      return exit_ok;
    }
    if (cmd == "--version") {
      std::cout << "merit " << merit::version_string << '\n';
      return exit_ok;
    }
    if (cmd == "check") return cmd_check(args);
    throw usage_error{"unknown command '" + cmd + "'"};
  } catch (const usage_error& e) {
    std::cerr << "merit: " << e.message << "\n\n" << usage_text;
    return exit_usage;
  }
}
