// SPDX-License-Identifier: Apache-2.0
// merit - times merit::evaluate from C++ on a roster already in memory (the Python binding's yardstick)
//
// Usage: cpp_eval_timer SCHEME ROSTER.csv REPEATS [CANDIDATES.tsv]
//        cpp_eval_timer SCHEME ROSTER.csv serve
//
// Reads the roster (not timed), evaluates it REPEATS times with the default
// options (strict, one thread) and prints the best and median seconds as
// `best=<s> median=<s> rows=<n>`. With a fourth argument it writes one line per
// candidate, `id TAB status TAB score TAB selected TAB tier TAB rank TAB tie`
// (missing values empty), for comparison with the Python binding's result.
//
// `serve` prints `ready rows=<n>` once the roster is read, then evaluates once
// per line read from standard input and prints that evaluation's seconds, so
// that a caller can interleave C++ and Python runs under the same machine load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "merit/merit.hpp"

namespace {

int status_code(merit::status s) {
  switch (s) {
    case merit::status::eligible: return 0;
    case merit::status::ineligible: return 1;
    case merit::status::vetoed: return 2;
    case merit::status::error: return 3;
  }
  return 3;
}

std::string text_or_empty(const merit::value& v) { return v.is_null() ? std::string() : v.to_string(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: cpp_eval_timer SCHEME ROSTER.csv REPEATS [CANDIDATES.tsv]\n";
    return 3;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  merit::compile_result compiled = merit::compile(ss.str(), argv[1]);
  if (!compiled.program) {
    std::cerr << argv[1] << ": the scheme does not compile\n";
    return 1;
  }
  const merit::program& prog = *compiled.program;
  const merit::roster rows = merit::read_csv_file(prog.inputs(), argv[2]);
  if (std::string(argv[3]) == "serve") {
    std::printf("ready rows=%zu\n", rows.rows());
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
      // The result is freed inside the timing, as the Python side's
      // `scheme.evaluate(df).close()` frees its result inside its timing.
      const auto t0 = std::chrono::steady_clock::now();
      {
        merit::result r = merit::evaluate(prog, rows);
      }
      const auto t1 = std::chrono::steady_clock::now();
      std::printf("%.6f\n", std::chrono::duration<double>(t1 - t0).count());
      std::fflush(stdout);
    }
    return 0;
  }
  const int repeats = std::max(1, std::atoi(argv[3]));

  std::vector<double> times;
  merit::result res;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    res = merit::evaluate(prog, rows);
    const auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double>(t1 - t0).count());
  }
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  std::printf("best=%.6f median=%.6f rows=%zu\n", sorted.front(), sorted[sorted.size() / 2], rows.rows());

  if (argc > 4) {
    std::ofstream out(argv[4], std::ios::binary);
    for (const merit::candidate& c : res.candidates) {
      out << text_or_empty(c.id) << '\t' << status_code(c.status) << '\t' << text_or_empty(c.score) << '\t'
          << (c.selected ? 1 : 0) << '\t' << text_or_empty(c.tier) << '\t' << text_or_empty(c.rank) << '\t'
          << (c.tie ? 1 : 0) << '\n';
    }
  }
  return 0;
}
