// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: reading a roster CSV file into columns, merit and the peer
#include <benchmark/benchmark.h>

#include "support/bench_timing.hpp"

namespace merit::bench {

namespace {

std::string key(const char* who, std::size_t rows) { return std::string("Load/") + who + "/" + std::to_string(rows); }

void BM_Load_Peer(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const std::string& path = roster_path(rows);
  if (peer_roster(rows).size() != rows) {
    state.SkipWithError("the peer did not read every row");
    return;
  }
  timed_loop(state, key("Peer", rows), "", rows, roster_text(rows).size(), [&] {
    peer::library_roster r;
    std::string error;
    const bool ok = peer::read_library_csv(read_file(path), r, error);
    benchmark::DoNotOptimize(ok);
  });
}

void BM_Load_Merit(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const std::string& path = roster_path(rows);
  {
    // Reference check: the roster read here evaluates to the peer's answers.
    const merit::roster r = merit::read_csv_file(library_program().inputs(), path);
    if (r.rows() != rows || !r.errors().empty()) {
      state.SkipWithError("merit did not read every row cleanly");
      return;
    }
    const std::string diff = check_against_peer(merit::evaluate(library_program(), r), rows);
    if (!diff.empty()) {
      state.SkipWithError(diff.c_str());
      return;
    }
  }
  const auto schema = library_program().inputs();
  timed_loop(state, key("Merit", rows), key("Peer", rows), rows, roster_text(rows).size(), [&] {
    merit::roster r = merit::read_csv_file(schema, path);
    benchmark::DoNotOptimize(r);
  });
}

}  // namespace

void register_load() {
  for (long rows : roster_sizes()) {
    benchmark::RegisterBenchmark("BM_Load_Peer", BM_Load_Peer)->Arg(rows)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Load_Merit", BM_Load_Merit)->Arg(rows)->Unit(benchmark::kMillisecond);
  }
}

}  // namespace merit::bench
