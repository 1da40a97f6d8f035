// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: evaluating a roster held in memory, merit (1 and 2 threads) and the peer
#include <benchmark/benchmark.h>

#include "support/bench_timing.hpp"

namespace merit::bench {

namespace {

std::string key(const char* who, std::size_t rows) { return std::string("Eval/") + who + "/" + std::to_string(rows); }

void BM_Eval_Peer(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const peer::library_roster& r = peer_roster(rows);
  timed_loop(state, key("Peer", rows), "", rows, roster_text(rows).size(), [&] {
    peer::library_result out;
    peer::evaluate_library(r, out);
    benchmark::DoNotOptimize(out);
  });
}

// Allocation (the `select` stage) is part of `evaluate` and so of this time.
void eval_merit(benchmark::State& state, unsigned threads) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const merit::program& prog = library_program();
  const merit::roster& r = merit_roster(rows);
  merit::eval_options opt;
  opt.threads = threads;
  {
    const std::string diff = check_against_peer(merit::evaluate(prog, r, opt), rows);
    if (!diff.empty()) {
      state.SkipWithError(diff.c_str());
      return;
    }
  }
  const std::string me = threads == 1 ? key("Merit", rows) : key("MeritThreads2", rows);
  timed_loop(state, me, key("Peer", rows), rows, roster_text(rows).size(), [&] {
    merit::result res = merit::evaluate(prog, r, opt);
    benchmark::DoNotOptimize(res);
  });
  if (threads != 1) {
    // Wall time: CPU time adds up both threads' work.
    const double one = recorded_wall_time(key("Merit", rows));
    const double two = recorded_wall_time(me);
    if (one > 0 && two > 0) state.counters["speedup"] = one / two;
  }
}

void BM_Eval_Merit(benchmark::State& state) { eval_merit(state, 1); }
void BM_Eval_MeritThreads2(benchmark::State& state) { eval_merit(state, 2); }

}  // namespace

void register_eval() {
  for (long rows : roster_sizes()) {
    benchmark::RegisterBenchmark("BM_Eval_Peer", BM_Eval_Peer)->Arg(rows)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Eval_Merit", BM_Eval_Merit)->Arg(rows)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Eval_MeritThreads2", BM_Eval_MeritThreads2)
        ->Arg(rows)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace merit::bench
