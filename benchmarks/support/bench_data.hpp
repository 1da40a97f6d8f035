// SPDX-License-Identifier: Apache-2.0
// merit - the benchmarks' shared workload: library.merit, generated rosters, peer timings
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "library_peer.hpp"
#include "merit/merit.hpp"

namespace merit::bench {

/// library.merit's text.
const std::string& scheme_text();
/// library.merit compiled once (throws std::runtime_error when it does not compile).
const merit::program& library_program();

/// The roster file for `rows` rows (gen_roster.py, seed 2023), generated on
/// first use into the benchmark data folder and reused afterwards.
const std::string& roster_path(std::size_t rows);
/// The roster file's bytes.
const std::string& roster_text(std::size_t rows);

/// The roster read by merit and by the peer, and the peer's result; built on
/// first use per size and kept.
const merit::roster& merit_roster(std::size_t rows);
const peer::library_roster& peer_roster(std::size_t rows);
const peer::library_result& peer_result(std::size_t rows);

/// Empty when `res` agrees with the peer on every candidate, else what differs.
std::string check_against_peer(const merit::result& res, std::size_t rows);

/// Reads a whole file (throws std::runtime_error when it cannot).
std::string read_file(const std::string& path);

/// CPU seconds per iteration of the last completed run of a benchmark, by
/// name ("Eval/Peer/1000000"); the merit benchmarks divide by the peer's.
void record_time(const std::string& key, double seconds);
double recorded_time(const std::string& key);  ///< 0 when none
/// The same for wall-clock seconds (what a speed-up from threads is measured in).
void record_wall_time(const std::string& key, double seconds);
double recorded_wall_time(const std::string& key);  ///< 0 when none

/// The roster sizes to run (set from the command line before registering).
std::vector<long>& roster_sizes();

}  // namespace merit::bench
