// SPDX-License-Identifier: Apache-2.0
// merit - one end-to-end run, for measuring peak memory from outside
//
// Usage: merit_bench_peak merit|merit-load|peer ROSTER.csv
// Compiles library.merit, reads the roster, evaluates it, prints the number
// of candidates and of eligible ones. Nothing else is kept alive, so the
// process's peak resident size is that of one end-to-end run. `merit-load`
// stops after reading the roster (the roster's share of the peak).
#include <cstdio>
#include <cstring>
#include <exception>

#include "support/bench_data.hpp"

int main(int argc, char** argv) {
  const bool merit_load = argc == 3 && std::strcmp(argv[1], "merit-load") == 0;
  if (argc != 3 || (std::strcmp(argv[1], "merit") != 0 && std::strcmp(argv[1], "peer") != 0 && !merit_load)) {
    std::fprintf(stderr, "usage: merit_bench_peak merit|merit-load|peer ROSTER.csv\n");
    return 3;
  }
  try {
    if (merit_load) {
      merit::compile_result c = merit::compile(merit::bench::scheme_text(), "library.merit");
      const merit::roster r = merit::read_csv_file(c.program->inputs(), argv[2]);
      std::printf("%zu rows, %zu errors\n", r.rows(), r.errors().size());
    } else if (std::strcmp(argv[1], "merit") == 0) {
      merit::compile_result c = merit::compile(merit::bench::scheme_text(), "library.merit");
      const merit::roster r = merit::read_csv_file(c.program->inputs(), argv[2]);
      const merit::result res = merit::evaluate(*c.program, r);
      std::printf("%zu candidates, %zu eligible\n", res.candidates.size(), res.eligible);
    } else {
      merit::peer::library_roster r;
      merit::peer::library_result out;
      std::string error;
      if (!merit::peer::read_library_csv(merit::bench::read_file(argv[2]), r, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
      }
      merit::peer::evaluate_library(r, out);
      std::size_t eligible = 0;
      for (auto v : out.vetoed) eligible += v == 0;
      std::printf("%zu candidates, %zu eligible\n", r.size(), eligible);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
