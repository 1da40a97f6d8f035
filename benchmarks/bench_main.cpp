// SPDX-License-Identifier: Apache-2.0
// merit - the benchmark binary: roster sizes from the command line, ratios to the peer at the end
//
// Usage: merit_bench [--merit_rows=10000,100000,1000000] [Google Benchmark flags]
// The default sizes are 10^4, 10^5 and 10^6 rows; 10^7 (about 700 MB of CSV)
// runs only when asked for, e.g. --merit_rows=10000000.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "support/bench_data.hpp"

namespace merit::bench {
void register_compile();
void register_load();
void register_eval();
void register_end_to_end();
void register_capi();
void register_alloc();
}  // namespace merit::bench

namespace {

bool parse_rows(const char* list, std::vector<long>& out) {
  out.clear();
  std::string item;
  for (const char* p = list;; ++p) {
    if (*p == ',' || *p == '\0') {
      if (item.empty()) return false;
      for (char c : item)
        if (c < '0' || c > '9') return false;
      out.push_back(std::stol(item));
      item.clear();
      if (*p == '\0') break;
    } else {
      item += *p;
    }
  }
  return !out.empty();
}

void print_summary() {
  using merit::bench::recorded_time;
  std::fprintf(stderr,
               "\nmerit / peer: CPU time per run, both measured in this run (lower is better; 1.0 = as fast as "
               "the peer)\n");
  const double compile = recorded_time("Compile/Merit");
  if (compile > 0) std::fprintf(stderr, "  compile library.merit: %.3f ms\n", compile * 1e3);
  for (long rows : merit::bench::roster_sizes()) {
    const std::string n = std::to_string(rows);
    std::fprintf(stderr, "  %ld rows:\n", rows);
    for (const char* stage : {"Load", "Eval", "EndToEnd"}) {
      const double peer = recorded_time(std::string(stage) + "/Peer/" + n);
      const double merit = recorded_time(std::string(stage) + "/Merit/" + n);
      if (peer > 0 && merit > 0) {
        std::fprintf(stderr, "    %-9s merit %10.2f ms  peer %10.2f ms  ratio %5.2f  (%.1f ns/row vs %.1f ns/row)\n",
                     stage, merit * 1e3, peer * 1e3, merit / peer, merit * 1e9 / rows, peer * 1e9 / rows);
      }
    }
    const double one = merit::bench::recorded_wall_time("Eval/Merit/" + n);
    const double two = merit::bench::recorded_wall_time("Eval/MeritThreads2/" + n);
    if (one > 0 && two > 0)
      std::fprintf(stderr, "    Eval wall time: 1 thread %.2f ms, 2 threads %.2f ms, speed-up %.2f\n", one * 1e3,
                   two * 1e3, one / two);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--merit_rows=", 13) == 0) {
      if (!parse_rows(argv[i] + 13, merit::bench::roster_sizes())) {
        std::fprintf(stderr, "--merit_rows: expected a comma-separated list of row counts\n");
        return 3;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 3;
  merit::bench::register_compile();
  merit::bench::register_load();
  merit::bench::register_eval();
  merit::bench::register_end_to_end();
  merit::bench::register_capi();
  merit::bench::register_alloc();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_summary();
  return 0;
}
