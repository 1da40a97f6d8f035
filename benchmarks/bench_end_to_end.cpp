// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: scheme text and CSV file to result, merit and the peer
#include <benchmark/benchmark.h>

#include "support/bench_timing.hpp"

namespace merit::bench {

namespace {

std::string key(const char* who, std::size_t rows) {
  return std::string("EndToEnd/") + who + "/" + std::to_string(rows);
}

void BM_EndToEnd_Peer(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const std::string& path = roster_path(rows);
  peer_result(rows);  // the reference for the merit runs, computed before any timing
  timed_loop(state, key("Peer", rows), "", rows, roster_text(rows).size(), [&] {
    peer::library_roster r;
    peer::library_result out;
    std::string error;
    if (peer::read_library_csv(read_file(path), r, error)) peer::evaluate_library(r, out);
    benchmark::DoNotOptimize(out);
  });
}

// Compile, read the file, evaluate (allocation included), as a host would.
merit::result merit_end_to_end(const std::string& path) {
  merit::compile_result c = merit::compile(scheme_text(), "library.merit");
  const merit::roster r = merit::read_csv_file(c.program->inputs(), path);
  return merit::evaluate(*c.program, r);
}

void BM_EndToEnd_Merit(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const std::string& path = roster_path(rows);
  {
    const std::string diff = check_against_peer(merit_end_to_end(path), rows);
    if (!diff.empty()) {
      state.SkipWithError(diff.c_str());
      return;
    }
  }
  timed_loop(state, key("Merit", rows), key("Peer", rows), rows, roster_text(rows).size() + scheme_text().size(), [&] {
    merit::result res = merit_end_to_end(path);
    benchmark::DoNotOptimize(res);
  });
}

}  // namespace

void register_end_to_end() {
  for (long rows : roster_sizes()) {
    benchmark::RegisterBenchmark("BM_EndToEnd_Peer", BM_EndToEnd_Peer)->Arg(rows)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_EndToEnd_Merit", BM_EndToEnd_Merit)->Arg(rows)->Unit(benchmark::kMillisecond);
  }
}

}  // namespace merit::bench
