// SPDX-License-Identifier: Apache-2.0
// merit - timing a benchmark loop and relating it to the peer's time
#pragma once

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "bench_data.hpp"

namespace merit::bench {

/// CPU time of the whole process (all its threads), in seconds.
inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Minor page faults of the whole process so far (a fresh page touched for
/// the first time: what memory newly taken from the system costs).
inline double process_page_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_minflt);
}

/// Runs the benchmark loop over `body` and records the time per iteration
/// under `key` ("Eval/Merit/1000000"): CPU time with record_time (what the
/// ratios use: on a shared machine it does not count time spent waiting for a
/// core) and wall time with record_wall_time. When `peer_key` names a time
/// recorded earlier in the same run, sets the counter `x_peer` = this CPU
/// time / the peer's.
/// Rows per second and roster bytes per second are reported for `rows` and
/// `bytes`, and `faults` = minor page faults per iteration.
template <class Body>
void timed_loop(benchmark::State& state, const std::string& key, const std::string& peer_key, std::size_t rows,
                std::size_t bytes, Body&& body) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_seconds();
  const double faults_start = process_page_faults();
  for (auto _ : state) body();
  const double cpu = process_cpu_seconds() - cpu_start;
  const double faults = process_page_faults() - faults_start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  if (iterations == 0) return;
  const double per_iteration = cpu / static_cast<double>(iterations);
  record_time(key, per_iteration);
  record_wall_time(key, wall.count() / static_cast<double>(iterations));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(rows));
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(bytes));
  state.counters["faults"] = faults / static_cast<double>(iterations);
  state.counters["ns_per_row"] = rows ? per_iteration * 1e9 / static_cast<double>(rows) : 0;
  if (!peer_key.empty()) {
    const double peer = recorded_time(peer_key);
    if (peer > 0) state.counters["x_peer"] = per_iteration / peer;
  }
}

}  // namespace merit::bench
