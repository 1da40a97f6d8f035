// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: compiling library.merit
#include <benchmark/benchmark.h>

#include "support/bench_timing.hpp"

namespace merit::bench {

namespace {

void BM_Compile_Library(benchmark::State& state) {
  // Reference: the compiled program declares library.merit's 13 input fields and one stage.
  const merit::compile_result first = merit::compile(scheme_text(), "library.merit");
  if (!first.ok() || first.program->inputs().size() != 13 || first.program->stages().size() != 1) {
    state.SkipWithError("library.merit did not compile to 13 inputs and 1 stage");
    return;
  }
  timed_loop(state, "Compile/Merit", "", 0, scheme_text().size(), [&] {
    merit::compile_result r = merit::compile(scheme_text(), "library.merit");
    benchmark::DoNotOptimize(r);
  });
}

}  // namespace

void register_compile() { benchmark::RegisterBenchmark("BM_Compile_Library", BM_Compile_Library)->Unit(benchmark::kMicrosecond); }

}  // namespace merit::bench
