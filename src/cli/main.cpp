// SPDX-License-Identifier: Apache-2.0
// merit - the command line
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
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
constexpr int exit_data = 2;
constexpr int exit_usage = 3;
// An addition to LANGUAGE.md section 10: --time-limit ran out.
constexpr int exit_budget = 4;

// Rosters above this many rows get progress lines on a terminal's stderr.
constexpr std::size_t progress_rows = 1'000'000;

constexpr const char* usage_text =
    "usage: merit check SCHEME.merit\n"
    "       merit run SCHEME.merit ROSTER.csv [--format table|csv|json] [--param NAME=VALUE]...\n"
    "                 [--lenient] [--explain] [--time-limit SECONDS] [-o FILE]\n"
    "       merit explain SCHEME.merit ROSTER.csv ID [--param NAME=VALUE]... [--time-limit SECONDS]\n"
    "       merit --help | --version\n"
    "\n"
    "commands:\n"
    "  check     compile a scheme; print every diagnostic as\n"
    "            FILE:LINE:COL: error: MESSAGE with the line and a caret\n"
    "  run       evaluate a scheme over a roster and print the result\n"
    "  explain   print why one candidate got what it got: every let value, every\n"
    "            rule's outcome with the values it read, the score, caps, outputs\n"
    "\n"
    "options of run:\n"
    "  --format table|csv|json  output format (default: table); json is the\n"
    "                           document of the language contract, section 8\n"
    "  --param NAME=VALUE       set a param of the scheme (repeat for several)\n"
    "  --lenient                report bad rows with status error and evaluate\n"
    "                           the rest (default: strict, any bad row fails the run)\n"
    "  --explain                also report every let value per candidate: json adds\n"
    "                           \"values\" to each candidate, csv and table add one\n"
    "                           column per let after the outputs\n"
    "  --time-limit SECONDS     stop the evaluation when it takes longer than SECONDS\n"
    "                           (decimals allowed, down to 0.001) and print nothing;\n"
    "                           exit code 4 (also accepted by explain)\n"
    "  -o FILE                  write the result to FILE instead of standard output\n"
    "\n"
    "Bad rows are listed on standard error as ROSTER:LINE: field 'NAME': MESSAGE.\n"
    "\n"
    "exit codes: 0 success, 1 compile error, 2 data errors (strict mode, or a roster\n"
    "unusable as a whole), 3 usage error or a file that cannot be read or written,\n"
    "4 the evaluation exceeded its time limit (--time-limit)\n";

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

// The options of `run` and `explain`.
struct run_args {
  std::vector<std::string> positional;
  std::string format = "table";
  bool format_given = false;
  std::vector<std::pair<std::string, std::string>> params;
  bool lenient = false;
  bool explain = false;
  std::chrono::milliseconds time_limit{0};  // 0: none
  std::optional<std::string> out_file;
};

// "2", "0.5", "1.250": seconds with at most three decimals, above zero and
// at most a year, as milliseconds. Anything else is a usage error.
std::chrono::milliseconds parse_seconds(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return usage_error{"--time-limit needs SECONDS, " + why + ", got '" + text + "'"};
  };
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || !digits(whole) || !digits(frac) || (dot != std::string::npos && frac.empty()))
    throw bad("a decimal number such as 2 or 0.5");
  if (frac.size() > 3) throw bad("at most three decimals (milliseconds)");
  if (whole.size() > 8 || std::stoll(whole) > 31'536'000) throw bad("at most a year (31536000)");
  const long long ms = std::stoll(whole) * 1000 + (frac.empty() ? 0 : std::stoll(frac + std::string(3 - frac.size(), '0')));
  if (ms <= 0) throw bad("more than zero");
  return std::chrono::milliseconds(ms);
}

// Parses `--opt VALUE` and `--opt=VALUE` forms; `run_options` allows the
// options of `run` (explain takes only --param).
run_args parse_run_args(const std::vector<std::string>& args, bool run_options) {
  run_args a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg.resize(eq);
      }
    }
    auto take_value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) throw usage_error{"option '" + arg + "' needs a value"};
      return args[++i];
    };
    auto no_value = [&] {
      if (inline_value) throw usage_error{"option '" + arg + "' takes no value"};
    };
    if (arg == "--param") {
      const std::string nv = take_value();
      const auto eq = nv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw usage_error{"--param needs NAME=VALUE, got '" + nv + "'"};
      a.params.emplace_back(nv.substr(0, eq), nv.substr(eq + 1));
    } else if (run_options && arg == "--format") {
      if (a.format_given) throw usage_error{"--format given twice"};
      a.format = take_value();
      a.format_given = true;
      if (a.format != "table" && a.format != "csv" && a.format != "json")
        throw usage_error{"unknown format '" + a.format + "' (expected table, csv or json)"};
    } else if (arg == "--time-limit") {
      if (a.time_limit.count() > 0) throw usage_error{"--time-limit given twice"};
      a.time_limit = parse_seconds(take_value());
    } else if (run_options && arg == "--lenient") {
      no_value();
      a.lenient = true;
    } else if (run_options && arg == "--explain") {
      no_value();
      a.explain = true;
    } else if (run_options && arg == "-o") {
      if (a.out_file) throw usage_error{"-o given twice"};
      a.out_file = take_value();
    } else if (arg == "--") {
      a.positional.insert(a.positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw usage_error{"unknown option '" + args[i] + "'"};
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

bool progress_wanted(std::size_t rows) { return rows > progress_rows && isatty(STDERR_FILENO) == 1; }

// Reads the roster; prints why it cannot be used and sets `code` otherwise.
std::optional<merit::roster> load_roster(const merit::program& prog, const std::string& path, int& code) {
  try {
    merit::roster r = merit::read_csv_file(prog.inputs(), path);
    for (const std::string& w : r.warnings()) std::cerr << path << ": warning: " << w << '\n';
    code = exit_ok;
    return r;
  } catch (const merit::roster_error& e) {
    std::cerr << e.what() << '\n';
    code = e.code() == merit::roster_errc::io ? exit_usage : exit_data;
    return std::nullopt;
  }
}

// Every error row as ROSTER:LINE: REASON, one line per reason.
void print_error_rows(const std::string& roster_path, const merit::roster& rows, const merit::candidate_table& cs) {
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (cs.status(i) != merit::status::error) continue;
    const std::size_t row = cs.row(i);
    const std::uint32_t line = rows.line(row);
    const std::string where =
        roster_path + ":" + (line ? std::to_string(line) : "row " + std::to_string(row + 1)) + ": ";
    if (cs.reason_count(i) == 0) std::cerr << where << "error\n";
    for (std::size_t k = 0; k < cs.reason_count(i); ++k) std::cerr << where << cs.reason(i, k) << '\n';
  }
}

// Result warnings that are not the roster's own (those were printed when it was read).
void print_result_warnings(const merit::result& res, const merit::roster& rows) {
  for (const std::string& w : res.warnings)
    if (std::find(rows.warnings().begin(), rows.warnings().end(), w) == rows.warnings().end())
      std::cerr << "merit: warning: " << w << '\n';
}

bool write_output(const std::optional<std::string>& path, const std::string& text) {
  if (!path) {
    std::cout << text;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(*path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "merit: cannot write '" << *path << "': " << std::strerror(errno) << '\n';
    return false;
  }
  out << text;
  out.close();
  if (!out) {
    std::cerr << "merit: cannot write '" << *path << "'\n";
    return false;
  }
  return true;
}

int cmd_run(const std::vector<std::string>& args) {
  const run_args a = parse_run_args(args, true);
  if (a.positional.size() != 2) throw usage_error{"run takes a scheme file and a roster file"};
  const std::string& scheme_path = a.positional[0];
  const std::string& roster_path = a.positional[1];
  int code = exit_ok;
  std::optional<merit::program> prog = load_scheme(scheme_path, code);
  if (!prog) return code;
  std::optional<merit::roster> rows = load_roster(*prog, roster_path, code);
  if (!rows) return code;
  const bool progress = progress_wanted(rows->rows());
  if (progress) std::cerr << "merit: read " << rows->rows() << " rows; evaluating...\n";

  merit::eval_options opt;
  opt.params = a.params;
  opt.lenient = a.lenient;
  opt.explain = a.explain;
  opt.time_limit = a.time_limit;
  merit::result res;
  try {
    res = merit::evaluate(*prog, *rows, opt);
  } catch (const merit::usage_error& e) {
    std::cerr << "merit: " << e.what() << '\n';
    return exit_usage;
  } catch (const merit::budget_error& e) {
    std::cerr << "merit: " << e.what() << " (--time-limit)\n";
    return exit_budget;
  } catch (const merit::evaluation_error& e) {
    print_error_rows(roster_path, *rows, e.partial().candidates);
    print_result_warnings(e.partial(), *rows);
    const std::size_t bad = e.partial().errors;
    std::cerr << "merit: " << bad << (bad == 1 ? " row has" : " rows have")
              << " errors; nothing was selected (--lenient reports them and evaluates the rest)\n";
    return exit_data;
  }
  if (a.lenient) print_error_rows(roster_path, *rows, res.candidates);
  print_result_warnings(res, *rows);
  if (progress) std::cerr << "merit: evaluated; writing " << a.format << "...\n";

  merit::report_options ropt;
  ropt.values = a.explain;
  const std::string text = a.format == "json"  ? merit::to_json(res, ropt)
                           : a.format == "csv" ? merit::to_csv(res, ropt)
                                               : merit::to_table(res, ropt);
  if (!write_output(a.out_file, text)) return exit_usage;
  if (progress) std::cerr << "merit: done\n";
  return exit_ok;
}

int cmd_explain(const std::vector<std::string>& args) {
  const run_args a = parse_run_args(args, false);
  if (a.positional.size() != 3) throw usage_error{"explain takes a scheme file, a roster file and an id"};
  const std::string& roster_path = a.positional[1];
  int code = exit_ok;
  std::optional<merit::program> prog = load_scheme(a.positional[0], code);
  if (!prog) return code;
  std::optional<merit::roster> rows = load_roster(*prog, roster_path, code);
  if (!rows) return code;
  merit::eval_options opt;
  opt.params = a.params;
  opt.lenient = true;  // a bad row elsewhere (or this one) must not hide the explanation
  opt.time_limit = a.time_limit;  // each of the two evaluations gets the whole limit
  try {
    const merit::result res = merit::evaluate(*prog, *rows, opt);
    const std::string text = merit::explain(*prog, *rows, res, a.positional[2], opt);
    return write_output(std::nullopt, text) ? exit_ok : exit_usage;
  } catch (const merit::usage_error& e) {
    std::cerr << "merit: " << e.what() << '\n';
    return exit_usage;
  } catch (const merit::budget_error& e) {
    std::cerr << "merit: " << e.what() << " (--time-limit)\n";
    return exit_budget;
  }
  // Anything else reaches main's handlers, which say the same for every command.
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
    if (cmd == "run") return cmd_run(args);
    if (cmd == "explain") return cmd_explain(args);
    throw usage_error{"unknown command '" + cmd + "'"};
  } catch (const usage_error& e) {
    std::cerr << "merit: " << e.message << "\n\n" << usage_text;
    return exit_usage;
  } catch (const std::bad_alloc&) {
    std::cerr << "merit: out of memory\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "merit: " << e.what() << '\n';
    return exit_usage;
  }
}
